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
func (d *deploymentsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m deploymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateWindowConfig(&resp.Diagnostics, m.Since, m.Until)
}

func (d *deploymentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer recoverRead(ctx, &resp.Diagnostics, "Reading dxgh_deployments")
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
	read, diags := resolveReadScope(ctx, d.data, settings, m.Repositories, m.Teams, m.GroupBy)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	repos := read.repos
	found, err := connector.CollectDeployments(ctx, d.data.gh, repos, settings, window.Since, window.Until)
	if err != nil {
		addGitHubError(&resp.Diagnostics, "Reading deployments failed", err)
		return
	}
	resp.Diagnostics.Append(productionWarnings(ctx, d.data, repos, settings)...)
	deps := metricsDeployments(found) // for the whole read and each group's part
	resp.Diagnostics.Append(m.fill(ctx, window, found, deps)...)
	resp.Diagnostics.Append(m.fillGroups(ctx, window, deps, read.groups)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// window resolves until's, time_zone's and include_deployments' defaults
// and checks the window.
func (m *deploymentsModel) window(now time.Time) (metrics.Window, diag.Diagnostics) {
	if m.IncludeDeployments.IsNull() {
		m.IncludeDeployments = types.BoolValue(true)
	}
	return resolveWindow(m.Since, &m.Until, &m.TimeZone, now)
}
