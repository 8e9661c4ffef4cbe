package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	m.fill(window, found)
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

// fill computes the outputs from the collected deployments.
func (m *deploymentsModel) fill(w metrics.Window, found []connector.ProductionDeployment) {
	deps := make([]metrics.Deployment, len(found))
	list := make([]attr.Value, 0, len(found))
	for i, f := range found {
		statuses := make([]metrics.Status, len(f.Statuses))
		for j, s := range f.Statuses {
			statuses[j] = metrics.Status{ID: s.ID, State: s.State, CreatedAt: s.CreatedAt}
		}
		state := metrics.NewestState(statuses)
		deps[i] = metrics.Deployment{
			ID: f.ID, Repository: f.Repository, Environment: f.EnvironmentKey, CreatedAt: f.CreatedAt,
			State: state, Successful: metrics.Succeeded(statuses),
		}
		if m.IncludeDeployments.ValueBool() {
			list = append(list, deploymentObject(f, state, metrics.DeployedAt(statuses)))
		}
	}
	sum := metrics.Summarize(w, deps)
	m.Deployments = types.ListValueMust(deploymentObjectType, list)
	m.TotalCount = types.Int64Value(int64(sum.TotalCount))
	m.SuccessfulCount = types.Int64Value(int64(sum.SuccessfulCount))
	m.FailedCount = types.Int64Value(int64(sum.FailedCount))
	m.Frequency = types.ObjectValueMust(frequencyAttrTypes, map[string]attr.Value{
		"per_day":              types.Float64Value(sum.Frequency.PerDay),
		"per_week":             types.Float64Value(sum.Frequency.PerWeek),
		"per_month":            types.Float64Value(sum.Frequency.PerMonth),
		"deployment_days":      types.Int64Value(int64(sum.Frequency.DeploymentDays)),
		"median_days_per_week": types.Float64Value(sum.Frequency.MedianDaysPerWeek),
		"dora_tier":            types.StringValue(sum.Frequency.DORATier),
	})
	m.ByRepository = countMap(sum.ByRepository)
	m.ByEnvironment = countMap(sum.ByEnvironment)
	days := make([]attr.Value, len(sum.Daily))
	for i, day := range sum.Daily {
		days[i] = types.ObjectValueMust(dayObjectType.AttrTypes, map[string]attr.Value{
			"date": types.StringValue(day.Date), "count": types.Int64Value(int64(day.Count)),
		})
	}
	m.Daily = types.ListValueMust(dayObjectType, days)
}

func deploymentObject(f connector.ProductionDeployment, state string, deployedAt *time.Time) attr.Value {
	creator := types.StringNull()
	if f.Creator != nil {
		creator = types.StringValue(f.Creator.Login)
	}
	deployed := types.StringNull()
	if deployedAt != nil {
		deployed = types.StringValue(deployedAt.UTC().Format(time.RFC3339))
	}
	st := types.StringNull()
	if state != "" {
		st = types.StringValue(state)
	}
	return types.ObjectValueMust(deploymentObjectType.AttrTypes, map[string]attr.Value{
		"id":          types.Int64Value(f.ID),
		"repository":  types.StringValue(f.Repository),
		"environment": types.StringValue(f.Environment),
		"sha":         types.StringValue(f.SHA),
		"ref":         types.StringValue(f.Ref),
		"task":        types.StringValue(f.Task),
		"creator":     creator,
		"created_at":  types.StringValue(f.CreatedAt.UTC().Format(time.RFC3339)),
		"deployed_at": deployed,
		"state":       st,
	})
}

func countMap(counts map[string]int) types.Map {
	elems := make(map[string]attr.Value, len(counts))
	for k, n := range counts {
		elems[k] = types.Int64Value(int64(n))
	}
	return types.MapValueMust(types.Int64Type, elems)
}
