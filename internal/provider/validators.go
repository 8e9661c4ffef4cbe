package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/timezones"
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
	if name == "" || name == "Local" {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown time zone", fmt.Sprintf("%q %s.", name, v.Description(ctx)))
		return
	}
	// A case-only mismatch is refused even where the file system would
	// load it (macOS): the zone would then depend on the machine.
	if spelling := zoneSpelling(name); spelling != "" && spelling != name {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown time zone",
			fmt.Sprintf("%q %s; zone names are case-sensitive: write %q.", name, v.Description(ctx), spelling))
		return
	}
	if _, err := time.LoadLocation(name); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown time zone",
			fmt.Sprintf("%q %s (case-sensitive). Closest: %s.", name, v.Description(ctx), connector.QuotedList(closestZones(name, 5))))
	}
}

// closestZones are the n zone names nearest to name. A name without a
// slash is compared with each zone's last element too, so that "Paris"
// suggests Europe/Paris rather than PRC.
func closestZones(name string, n int) []string {
	if strings.Contains(name, "/") {
		return connector.Closest(name, timezones.Names, n)
	}
	zonesOf := map[string][]string{}
	for _, z := range timezones.Names {
		last := z[strings.LastIndex(z, "/")+1:]
		zonesOf[last] = append(zonesOf[last], z)
	}
	var out []string
	for _, last := range connector.Closest(name, slices.Collect(maps.Keys(zonesOf)), len(zonesOf)) {
		out = append(out, zonesOf[last]...)
		if len(out) >= n {
			return out[:n]
		}
	}
	return out
}

// zoneSpelling is the listed zone name equal to name ignoring case, or "".
func zoneSpelling(name string) string {
	for _, z := range timezones.Names {
		if strings.EqualFold(z, name) {
			return z
		}
	}
	return ""
}

// labelName is a GitHub label as incident_labels takes it: not empty, and
// without the surrounding spaces GitHub trims from label names, so that
// every entry can match a label.
var labelName = regexp.MustCompile(`^\S(?:.*\S)?$`)
