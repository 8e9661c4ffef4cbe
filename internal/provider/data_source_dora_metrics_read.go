package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// ValidateConfig checks that the window is not empty, reversed or too long.
func (d *doraMetricsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m doraMetricsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateWindowConfig(&resp.Diagnostics, m.Since, m.Until)
}

func (d *doraMetricsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer recoverRead(ctx, &resp.Diagnostics, "Reading dxgh_dora_metrics")
	var m doraMetricsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	window, diags := m.window(time.Now())
	resp.Diagnostics.Append(diags...)
	var labels []string
	resp.Diagnostics.Append(stringSet(ctx, m.IncidentLabels, &labels)...)
	settings, _, diags := settingsFromObject(ctx, m.ImportSettings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	read, diags := resolveReadScope(ctx, d.data, settings, m.Repositories, m.Teams, m.GroupBy)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	repos := read.repos
	data, err := connector.CollectDORA(ctx, d.data.gh, repos, settings, connector.DORAQuery{
		Since: window.Since, Until: window.Until, IncidentLabels: labels,
	})
	if err != nil {
		addGitHubError(&resp.Diagnostics, "Reading DORA metrics failed", err)
		return
	}
	resp.Diagnostics.Append(productionWarnings(ctx, d.data, repos, settings)...)
	in := doraInput(window, data, m.IncludeBots.ValueBool()) // converted once, for the whole read and its groups
	resp.Diagnostics.Append(m.fill(ctx, in)...)
	resp.Diagnostics.Append(m.fillGroups(ctx, in, read.groups)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// window resolves the defaults (until, time_zone, incident_labels,
// include_bots, include_details), so state shows what was used, and checks
// the window.
func (m *doraMetricsModel) window(now time.Time) (metrics.Window, diag.Diagnostics) {
	if m.IncidentLabels.IsNull() {
		m.IncidentLabels = stringSetValue([]string{defaultIncidentLabel})
	}
	if m.IncludeBots.IsNull() {
		m.IncludeBots = types.BoolValue(false)
	}
	if m.IncludeDetails.IsNull() {
		m.IncludeDetails = types.BoolValue(false)
	}
	return resolveWindow(m.Since, &m.Until, &m.TimeZone, now)
}
