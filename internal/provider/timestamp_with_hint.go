package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// timestampWithHintType is since's and until's type: timetypes.RFC3339Type, whose
// values' validation says which RFC 3339 timestamp to write for a
// date-only or space-separated value, in one diagnostic instead of the
// library's generic one. A type, not a validator: the type's own
// validation runs before any validator and cannot be turned off.
type timestampWithHintType struct{ timetypes.RFC3339Type }

var _ basetypes.StringTypable = timestampWithHintType{}

func (t timestampWithHintType) String() string { return "provider.timestampWithHintType" }

func (t timestampWithHintType) ValueType(context.Context) attr.Value { return timestampWithHint{} }

func (t timestampWithHintType) Equal(o attr.Type) bool {
	other, ok := o.(timestampWithHintType)
	return ok && t.RFC3339Type.Equal(other.RFC3339Type)
}

func (t timestampWithHintType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return timestampWithHint{timetypes.RFC3339{StringValue: in}}, nil
}

func (t timestampWithHintType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	out, _ := t.ValueFromString(ctx, s)
	return out, nil
}

// timestampWithHint is a timestampWithHintType value.
type timestampWithHint struct{ timetypes.RFC3339 }

var (
	_ basetypes.StringValuableWithSemanticEquals = timestampWithHint{}
	_ xattr.ValidateableAttribute                = timestampWithHint{}
)

func newTimestampWithHint(t time.Time) timestampWithHint {
	return timestampWithHint{timetypes.NewRFC3339TimeValue(t)}
}

func (v timestampWithHint) Type(context.Context) attr.Type { return timestampWithHintType{} }

func (v timestampWithHint) Equal(o attr.Value) bool {
	other, ok := o.(timestampWithHint)
	return ok && v.RFC3339.Equal(other.RFC3339)
}

func (v timestampWithHint) StringSemanticEquals(ctx context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(timestampWithHint)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Semantic Equality Check Error", fmt.Sprintf("Expected %T, got %T. Please report this to the provider developers.", v, newValuable))
		return false, diags
	}
	return v.RFC3339.StringSemanticEquals(ctx, other.RFC3339)
}

func (v timestampWithHint) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	s := v.ValueString()
	_, err := time.Parse(time.RFC3339, s)
	if err == nil {
		return
	}
	detail := fmt.Sprintf("%s must be an RFC 3339 timestamp, with a time and an offset, such as \"2026-11-10T00:00:00Z\"; %q is not (%v).", req.Path, s, err)
	if fix, ok := rfc3339Fix(s); ok {
		detail = fmt.Sprintf("%s must be an RFC 3339 timestamp, with a time and an offset: write %q for %q.", req.Path, fix, s)
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 timestamp", detail)
}

// nearRFC3339 are layouts people write for a time, each read as UTC when
// it has no offset; rfc3339Fix tries them with a space for the T too.
var nearRFC3339 = []string{
	"2006-01-02",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
}

// rfc3339Fix is the RFC 3339 timestamp s most likely means: midnight UTC
// for a date, UTC for a time without an offset, and a T for a space.
func rfc3339Fix(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if date, clock, ok := strings.Cut(t, " "); ok {
		t = date + "T" + strings.TrimSpace(clock)
	}
	for _, layout := range append([]string{time.RFC3339}, nearRFC3339...) {
		if parsed, err := time.Parse(layout, t); err == nil {
			return parsed.Format(time.RFC3339Nano), true
		}
	}
	return "", false
}
