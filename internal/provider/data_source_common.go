package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// maxWindowDays bounds a window: ten years, far beyond any DORA question,
// keeps daily (one object a day) and every duration in range.
const maxWindowDays = 3660

// checkWindowLength fails, on since, a window longer than maxWindowDays.
func checkWindowLength(diags *diag.Diagnostics, since, until time.Time) {
	// Sub saturates instead of overflowing, so a window of centuries is
	// still simply too long.
	if until.Sub(since) > maxWindowDays*24*time.Hour {
		diags.AddAttributeError(path.Root("since"), "Time window too long",
			fmt.Sprintf("The window from since (%s) to until (%s) is longer than %d days (about ten years), the most one read covers. Move since later, or split the window.",
				since.Format(time.RFC3339), until.Format(time.RFC3339), maxWindowDays))
	}
}

// validateWindowConfig checks, once both are known, that the window from
// since to until (or now) is not empty, reversed or too long.
func validateWindowConfig(diags *diag.Diagnostics, sinceValue, untilValue timestampWithHint) {
	if !isKnown(sinceValue) || untilValue.IsUnknown() {
		return
	}
	since, d := sinceValue.ValueRFC3339Time()
	diags.Append(d...)
	if untilValue.IsNull() {
		checkWindowLength(diags, since, time.Now())
		return
	}
	until, d := untilValue.ValueRFC3339Time()
	diags.Append(d...)
	if !diags.HasError() && !since.Before(until) {
		diags.AddAttributeError(path.Root("until"), "Empty time window",
			fmt.Sprintf("until (%s) must be after since (%s).", untilValue.ValueString(), sinceValue.ValueString()))
	}
	checkWindowLength(diags, since, until)
}

func isKnown(v timestampWithHint) bool { return !v.IsNull() && !v.IsUnknown() }

// resolveWindow sets until (default: now, to the second) and time_zone
// (default UTC) in place, so state shows what was used, and checks the
// window.
func resolveWindow(sinceValue timestampWithHint, untilValue *timestampWithHint, zone *types.String, now time.Time) (metrics.Window, diag.Diagnostics) {
	var diags diag.Diagnostics
	since, d := sinceValue.ValueRFC3339Time()
	diags.Append(d...)
	until := now.UTC().Truncate(time.Second)
	if untilValue.IsNull() {
		*untilValue = newTimestampWithHint(until)
	} else {
		until, d = untilValue.ValueRFC3339Time()
		diags.Append(d...)
	}
	if zone.IsNull() {
		*zone = types.StringValue("UTC")
	}
	loc, err := time.LoadLocation(zone.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("time_zone"), "Unknown time zone", err.Error())
	}
	if !diags.HasError() && !since.Before(until) {
		diags.AddAttributeError(path.Root("since"), "Empty time window",
			fmt.Sprintf("since (%s) must be before until (%s).", since.Format(time.RFC3339), until.Format(time.RFC3339)))
	}
	checkWindowLength(&diags, since, until)
	return metrics.Window{Since: since, Until: until, Location: loc}, diags
}

// sinceAttribute is the data sources' since input; inWindow says what the
// window holds.
func sinceAttribute(inWindow string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true, CustomType: timestampWithHintType{},
		Description: "Start of the window (inclusive), an RFC 3339 timestamp with a time and an offset, e.g. `2026-10-01T00:00:00Z` (not `2026-10-01`). " + inWindow,
	}
}

// untilAttribute is the data sources' until input, set to the read's time
// when omitted.
func untilAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, Computed: true, CustomType: timestampWithHintType{},
		Description: "End of the window (exclusive), RFC 3339. Defaults to the time of the read.",
	}
}

// timeZoneAttribute is the data sources' time_zone input; buckets names
// the outputs it buckets by day.
func timeZoneAttribute(buckets string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, Computed: true,
		Description: "IANA time zone for day buckets (" + buckets + "), e.g. `Europe/Berlin` (case-sensitive). Defaults to `UTC`.",
		Validators:  []validator.String{timeZoneValidator{}},
	}
}

// importSettingsInput is the data sources' optional import_settings input.
func importSettingsInput() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		Description: "The connection's import settings, usually `dxgh_connection.this.import_settings`. " +
			"Without it, the defaults apply: archived, public and forked repositories are out of scope, nothing is ignored, " +
			"and production is GitHub's `production_environment` flag. A `production_environments` name that matches no environment " +
			"of the repositories read is a warning naming the five closest.",
		Attributes: map[string]schema.Attribute{
			"import_archived":         schema.BoolAttribute{Optional: true, Description: "Include archived repositories."},
			"import_public":           schema.BoolAttribute{Optional: true, Description: "Include public repositories."},
			"import_forked":           schema.BoolAttribute{Optional: true, Description: "Include forked repositories."},
			"production_environments": schema.SetAttribute{Optional: true, ElementType: types.StringType, Description: "Environment names that count as production (case-insensitive)."},
			"ignored_repositories": schema.SetAttribute{
				Optional: true, ElementType: types.StringType, Description: "Repositories (`owner/name`) to exclude.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(repositoryName, "must be a repository as owner/name"))},
			},
		},
	}
}

// repositoriesInput is the data sources' optional repositories filter.
func repositoriesInput() schema.SetAttribute {
	return schema.SetAttribute{
		Optional:    true,
		ElementType: types.StringType,
		Description: "Only these repositories (`owner/name`, case-insensitive). Each must be in scope after the import settings, or the read fails.",
		Validators: []validator.Set{
			setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(stringvalidator.RegexMatches(repositoryName, "must be a repository as owner/name")),
		},
	}
}

func configureDataSource(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *providerData {
	if req.ProviderData == nil {
		return nil
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", req.ProviderData))
		return nil
	}
	return data
}

// resolveRepositories returns the repositories in scope, narrowed to the
// requested ones. A requested repository that is not in scope is an error
// on `repositories`: reading less than asked would be a silently wrong number.
func resolveRepositories(ctx context.Context, data *providerData, s connector.Settings, requested types.Set) ([]ghclient.Repository, diag.Diagnostics) {
	sc, diags := resolveScope(ctx, data, s)
	if diags.HasError() {
		return nil, diags
	}
	repos, d := narrowRepositories(ctx, sc, requested)
	diags.Append(d...)
	return repos, diags
}

// resolveScope lists the repositories in scope after the settings.
func resolveScope(ctx context.Context, data *providerData, s connector.Settings) (*connector.Scope, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil || !data.ready {
		diags.AddError("Provider not configured", "The dxgh provider's configuration is not known yet; the data source cannot be read.")
		return nil, diags
	}
	sc, err := connector.ResolveScope(ctx, data.gh, s)
	if err != nil {
		addGitHubError(&diags, "Reading the repositories in scope failed", err)
		return nil, diags
	}
	return sc, diags
}

// narrowRepositories is the scope's repositories, or the requested ones of
// them, each of which must be in scope.
func narrowRepositories(ctx context.Context, sc *connector.Scope, requested types.Set) ([]ghclient.Repository, diag.Diagnostics) {
	var names []string
	diags := stringSet(ctx, requested, &names)
	if diags.HasError() {
		return nil, diags
	}
	if len(names) == 0 {
		return sc.Repositories, diags
	}
	byName := map[string]ghclient.Repository{}
	for _, r := range sc.Repositories {
		byName[strings.ToLower(r.FullName)] = r
	}
	var out []ghclient.Repository
	for _, n := range names {
		r, ok := byName[strings.ToLower(n)]
		if !ok {
			diags.AddAttributeError(path.Root("repositories"), "Repository not in scope",
				fmt.Sprintf("%s %s.", n, whyNotInScope(sc, n)))
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FullName < out[j].FullName })
	return out, diags
}

func whyNotInScope(sc *connector.Scope, name string) string {
	for why, names := range sc.Excluded {
		for _, n := range names {
			if strings.EqualFold(n, name) {
				return "is excluded by the import settings: " + string(why)
			}
		}
	}
	return "is not accessible to any installation of the app; check the installation's repository access"
}
