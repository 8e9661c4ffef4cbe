package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// ValidateConfig checks that the window is not empty, reversed or too long.
func (d *deploymentsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m deploymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isKnown(m.Since) || m.Until.IsUnknown() {
		return
	}
	since, diags := m.Since.ValueRFC3339Time()
	resp.Diagnostics.Append(diags...)
	if m.Until.IsNull() {
		checkWindowLength(&resp.Diagnostics, since, time.Now())
		return
	}
	until, diags := m.Until.ValueRFC3339Time()
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() && !since.Before(until) {
		resp.Diagnostics.AddAttributeError(path.Root("until"), "Empty time window",
			fmt.Sprintf("until (%s) must be after since (%s).", m.Until.ValueString(), m.Since.ValueString()))
	}
	checkWindowLength(&resp.Diagnostics, since, until)
}

func isKnown(v timetypes.RFC3339) bool { return !v.IsNull() && !v.IsUnknown() }

func (d *deploymentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deploymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	window, diags := m.window(time.Now())
	resp.Diagnostics.Append(diags...)
	settings, _, diags := settingsFromObject(ctx, m.ImportSettings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	repos, diags := resolveRepositories(ctx, d.data, settings, m.Repositories)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := connector.CollectDeployments(ctx, d.data.gh, repos, settings, window.Since, window.Until)
	if err != nil {
		addGitHubError(&resp.Diagnostics, "Reading deployments failed", err)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, window, found)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// window resolves until's and time_zone's defaults and checks the window.
func (m *deploymentsModel) window(now time.Time) (metrics.Window, diag.Diagnostics) {
	var diags diag.Diagnostics
	since, d := m.Since.ValueRFC3339Time()
	diags.Append(d...)
	until := now.UTC().Truncate(time.Second)
	if m.Until.IsNull() {
		m.Until = timetypes.NewRFC3339TimeValue(until)
	} else {
		until, d = m.Until.ValueRFC3339Time()
		diags.Append(d...)
	}
	if m.TimeZone.IsNull() {
		m.TimeZone = types.StringValue("UTC")
	}
	if m.IncludeDeployments.IsNull() {
		m.IncludeDeployments = types.BoolValue(true)
	}
	loc, err := time.LoadLocation(m.TimeZone.ValueString())
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
