package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// repositoryName is GitHub's owner/name form: an owner of letters, digits
// and single hyphens, and a name of letters, digits, '.', '-' and '_'.
var repositoryName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)

// timeZoneValidator accepts IANA zone names. "Local" is refused: it would
// make the numbers depend on the machine Terraform runs on.
type timeZoneValidator struct{}

var _ validator.String = timeZoneValidator{}

func (timeZoneValidator) Description(context.Context) string {
	return "must be an IANA time zone name such as UTC or Europe/Berlin"
}

func (v timeZoneValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v timeZoneValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	name := req.ConfigValue.ValueString()
	if _, err := time.LoadLocation(name); err != nil || name == "" || name == "Local" {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown time zone",
			fmt.Sprintf("%q %s.", name, v.Description(ctx)))
	}
}

// labelName is a GitHub label as incident_labels takes it: not empty, and
// without the surrounding spaces GitHub trims from label names, so that
// every entry can match a label.
var labelName = regexp.MustCompile(`^\S(?:.*\S)?$`)
