package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// The nested outputs of dxgh_deployments. Each has its schema, a model that
// mirrors it, and a line in fill; the value types come from the schema.

// deploymentModel is one entry of `deployments`.
type deploymentModel struct {
	ID          types.Int64  `tfsdk:"id"`
	Repository  types.String `tfsdk:"repository"`
	Environment types.String `tfsdk:"environment"`
	SHA         types.String `tfsdk:"sha"`
	Ref         types.String `tfsdk:"ref"`
	Task        types.String `tfsdk:"task"`
	Creator     types.String `tfsdk:"creator"`
	CreatedAt   types.String `tfsdk:"created_at"`
	DeployedAt  types.String `tfsdk:"deployed_at"`
	State       types.String `tfsdk:"state"`
}

func deploymentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":          schema.Int64Attribute{Computed: true, Description: "GitHub's deployment ID."},
		"repository":  computedString("The repository, `owner/name`."),
		"environment": computedString("The environment, as GitHub reports it."),
		"sha":         computedString("The deployed commit SHA."),
		"ref":         computedString("The deployed ref (branch, tag or SHA)."),
		"task":        computedString("The deployment task, e.g. `deploy`."),
		"creator":     computedString("The login of the deployment's creator."),
		"created_at":  computedString("When the deployment was created (RFC 3339)."),
		"deployed_at": computedString("When its first `success` status was created (RFC 3339); null if it never succeeded."),
		"state":       computedString("The state of its newest status (by `created_at`, then ID), e.g. `success`, `failure`, `inactive`; null if it has none."),
	}
}

// frequencyModel is `frequency`.
type frequencyModel struct {
	PerDay            types.Float64 `tfsdk:"per_day"`
	PerWeek           types.Float64 `tfsdk:"per_week"`
	PerMonth          types.Float64 `tfsdk:"per_month"`
	DeploymentDays    types.Int64   `tfsdk:"deployment_days"`
	MedianDaysPerWeek types.Float64 `tfsdk:"median_days_per_week"`
	DORATier          types.String  `tfsdk:"dora_tier"`
}

func frequencyAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"per_day":              schema.Float64Attribute{Computed: true, Description: "Successful deployments ÷ the window's length in days (fractional)."},
		"per_week":             schema.Float64Attribute{Computed: true, Description: "7 × `per_day`."},
		"per_month":            schema.Float64Attribute{Computed: true, Description: "30.436875 × `per_day`."},
		"deployment_days":      schema.Int64Attribute{Computed: true, Description: "Distinct calendar days in `time_zone` with at least one successful deployment."},
		"median_days_per_week": schema.Float64Attribute{Computed: true, Description: "Median, over consecutive 7-day blocks from `since`'s date, of the deployment days in each block; a trailing partial block is dropped unless it is the only one. `dxgh_deployments` lists the blocks in `weekly`."},
		"dora_tier":            schema.StringAttribute{Computed: true, Description: "`elite` (median_days_per_week ≥ 3), `high` (≥ 1), `medium` (per_month ≥ 1) or `low`."},
	}
}

// dayModel is one entry of `daily`.
type dayModel struct {
	Date  types.String `tfsdk:"date"`
	Count types.Int64  `tfsdk:"count"`
}

func dayAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"date":  computedString("The day, `YYYY-MM-DD`."),
		"count": schema.Int64Attribute{Computed: true, Description: "Successful deployments created that day."},
	}
}

// weekModel is one entry of `weekly`.
type weekModel struct {
	Start           types.String `tfsdk:"start"`
	Days            types.Int64  `tfsdk:"days"`
	DeploymentDays  types.Int64  `tfsdk:"deployment_days"`
	SuccessfulCount types.Int64  `tfsdk:"successful_count"`
	Partial         types.Bool   `tfsdk:"partial"`
	Dropped         types.Bool   `tfsdk:"dropped"`
}

func weekAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"start":            computedString("The block's first date, `YYYY-MM-DD` in `time_zone`."),
		"days":             schema.Int64Attribute{Computed: true, Description: "Dates of the window in the block: 7, or fewer for the last one."},
		"deployment_days":  schema.Int64Attribute{Computed: true, Description: "Dates in the block with at least one successful deployment: the value the median is taken of."},
		"successful_count": schema.Int64Attribute{Computed: true, Description: "Successful deployments created in the block."},
		"partial":          schema.BoolAttribute{Computed: true, Description: "Whether the block has fewer than 7 dates (only the last one can)."},
		"dropped":          schema.BoolAttribute{Computed: true, Description: "Whether the block is left out of `median_days_per_week`: a trailing partial block, unless it is the only one."},
	}
}

// countsAttribute is a by_* map: successful deployments per key.
func countsAttribute(desc string) schema.MapAttribute {
	return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, Description: desc}
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: desc}
}

var (
	deploymentType = objectType(deploymentAttributes())
	frequencyType  = objectType(frequencyAttributes())
	dayType        = objectType(dayAttributes())
	weekType       = objectType(weekAttributes())
)

// fill computes the outputs from the collected deployments.
// deps are found as the metrics see them (metricsDeployments), converted
// once for the whole read and its groups.
func (m *deploymentsModel) fill(ctx context.Context, w metrics.Window, found []connector.ProductionDeployment, deps []metrics.Deployment) diag.Diagnostics {
	listed := make([]deploymentModel, 0, len(found)) // an empty list, not null, when none are listed
	for i, f := range found {
		if m.IncludeDeployments.ValueBool() {
			listed = append(listed, newDeploymentModel(f, deps[i].State, deps[i].DeployedAt))
		}
	}
	sum := metrics.Summarize(w, deps)
	days := make([]dayModel, len(sum.Daily))
	for i, day := range sum.Daily {
		days[i] = dayModel{Date: types.StringValue(day.Date), Count: types.Int64Value(int64(day.Count))}
	}

	var diags, d diag.Diagnostics
	m.Deployments, d = types.ListValueFrom(ctx, deploymentType, listed)
	diags.Append(d...)
	m.TotalCount = types.Int64Value(int64(sum.TotalCount))
	m.SuccessfulCount = types.Int64Value(int64(sum.SuccessfulCount))
	m.FailedCount = types.Int64Value(int64(sum.FailedCount))
	m.Frequency, d = frequencyValue(ctx, sum.Frequency)
	diags.Append(d...)
	m.ByRepository, d = countMap(ctx, sum.ByRepository)
	diags.Append(d...)
	m.ByEnvironment, d = countMap(ctx, sum.ByEnvironment)
	diags.Append(d...)
	m.Daily, d = types.ListValueFrom(ctx, dayType, days)
	diags.Append(d...)
	m.Weekly, d = weeklyValue(ctx, sum.Weekly)
	diags.Append(d...)
	return diags
}

// weeklyValue is `weekly`.
func weeklyValue(ctx context.Context, weekly []metrics.Week) (types.List, diag.Diagnostics) {
	weeks := make([]weekModel, len(weekly))
	for i, w := range weekly {
		weeks[i] = weekModel{
			Start: types.StringValue(w.Start), Days: types.Int64Value(int64(w.Days)),
			DeploymentDays: types.Int64Value(int64(w.DeploymentDays)), SuccessfulCount: types.Int64Value(int64(w.SuccessfulCount)),
			Partial: types.BoolValue(w.Partial), Dropped: types.BoolValue(w.Dropped),
		}
	}
	return types.ListValueFrom(ctx, weekType, weeks)
}

// metricsDeployment is what the metrics know of a production deployment:
// its stream (repository and environment key), what it deployed, and its
// statuses reduced to the newest state and the first success.
func metricsDeployment(f connector.ProductionDeployment) metrics.Deployment {
	statuses := make([]metrics.Status, len(f.Statuses))
	for i, s := range f.Statuses {
		statuses[i] = metrics.Status{ID: s.ID, State: s.State, CreatedAt: s.CreatedAt}
	}
	return metrics.Deployment{
		ID: f.ID, Repository: f.Repository, Environment: f.EnvironmentKey, SHA: f.SHA, Ref: f.Ref,
		CreatedAt: f.CreatedAt, DeployedAt: metrics.DeployedAt(statuses),
		State: metrics.NewestState(statuses), Successful: metrics.Succeeded(statuses),
	}
}

// frequencyValue is `frequency` (and dxgh_dora_metrics' deployment_frequency).
func frequencyValue(ctx context.Context, f metrics.Frequency) (types.Object, diag.Diagnostics) {
	return types.ObjectValueFrom(ctx, frequencyType.AttrTypes, frequencyModel{
		PerDay:            types.Float64Value(f.PerDay),
		PerWeek:           types.Float64Value(f.PerWeek),
		PerMonth:          types.Float64Value(f.PerMonth),
		DeploymentDays:    types.Int64Value(int64(f.DeploymentDays)),
		MedianDaysPerWeek: types.Float64Value(f.MedianDaysPerWeek),
		DORATier:          types.StringValue(f.DORATier),
	})
}

func newDeploymentModel(f connector.ProductionDeployment, state string, deployedAt *time.Time) deploymentModel {
	m := deploymentModel{
		ID:          types.Int64Value(f.ID),
		Repository:  types.StringValue(f.Repository),
		Environment: types.StringValue(f.Environment),
		SHA:         types.StringValue(f.SHA),
		Ref:         types.StringValue(f.Ref),
		Task:        types.StringValue(f.Task),
		Creator:     types.StringNull(),
		CreatedAt:   types.StringValue(f.CreatedAt.UTC().Format(time.RFC3339)),
		DeployedAt:  types.StringNull(),
		State:       types.StringNull(),
	}
	if f.Creator != nil {
		m.Creator = types.StringValue(f.Creator.Login)
	}
	if deployedAt != nil {
		m.DeployedAt = types.StringValue(deployedAt.UTC().Format(time.RFC3339))
	}
	if state != "" {
		m.State = types.StringValue(state)
	}
	return m
}

// countMap fills a by_* map (countsAttribute). metrics.Summarize never
// returns a nil map, so nothing to count is an empty map, not null.
func countMap(ctx context.Context, counts map[string]int) (types.Map, diag.Diagnostics) {
	return types.MapValueFrom(ctx, countsAttribute("").ElementType, counts)
}
