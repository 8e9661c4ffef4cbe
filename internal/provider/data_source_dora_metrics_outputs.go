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

// The nested outputs of dxgh_dora_metrics. Each has its schema, a model that
// mirrors it, and a line in fill; the value types come from the schema.
// Hours, rates and tiers are null when there is nothing to measure.

// leadTimeModel is `lead_time`.
type leadTimeModel struct {
	Changes                  types.Int64   `tfsdk:"changes"`
	Delivered                types.Int64   `tfsdk:"delivered"`
	Undelivered              types.Int64   `tfsdk:"undelivered"`
	MedianHours              types.Float64 `tfsdk:"median_hours"`
	P90Hours                 types.Float64 `tfsdk:"p90_hours"`
	MedianMergeToDeployHours types.Float64 `tfsdk:"median_merge_to_deploy_hours"`
	Tier                     types.String  `tfsdk:"tier"`
}

func leadTimeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"changes": computedInt64("Pull requests merged in the window (a bot's only with `include_bots`)."),
		"delivered": computedInt64("Changes with a delivering deployment: the earliest (by `created_at`, then ID) successful production deployment of the repository " +
			"created at or after `merged_at` and before `until` whose sha is the merge commit; with none, the earliest whose ref is the base branch; with none, the earliest with any ref."),
		"undelivered": computedInt64("Changes with no delivering deployment."),
		"median_hours": computedFloat64("Median lead time in hours over delivered changes: the delivering deployment's `deployed_at` minus the earlier of `merged_at` " +
			"and the committer date of the pull request's first commit. Null when nothing was delivered."),
		"p90_hours":                    computedFloat64("90th percentile of the lead times in hours, the nearest rank (the ⌈0.9·n⌉-th smallest). Null when nothing was delivered."),
		"median_merge_to_deploy_hours": computedFloat64("Median of `deployed_at` minus `merged_at`, in hours, over delivered changes. Null when nothing was delivered."),
		"tier":                         computedString("`elite` (`median_hours` < 24), `high` (< 168), `medium` (< 730) or `low`. Null when nothing was delivered."),
	}
}

// changeFailureRateModel is `change_failure_rate`.
type changeFailureRateModel struct {
	Deployments types.Int64   `tfsdk:"deployments"`
	Failed      types.Int64   `tfsdk:"failed"`
	ByIncident  types.Int64   `tfsdk:"by_incident"`
	ByRollback  types.Int64   `tfsdk:"by_rollback"`
	Rate        types.Float64 `tfsdk:"rate"`
	Tier        types.String  `tfsdk:"tier"`
}

func changeFailureRateAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"deployments": computedInt64("Successful production deployments created in the window."),
		"failed":      computedInt64("Of those, how many failed in production; a deployment with both causes counts once here and once in each `by_` count."),
		"by_incident": computedInt64("Deployments to which an incident is attributed: an incident belongs to the latest (by `deployed_at`, then ID) successful production deployment " +
			"of its repository created in the window whose `deployed_at` is at or before the issue's `created_at`."),
		"by_rollback": computedInt64("Deployments rolled back: the next successful production deployment of the same stream (repository and environment key, as in `by_environment` of `dxgh_deployments`) has a different sha " +
			"that an earlier successful production deployment of that stream in the window had."),
		"rate": computedFloat64("`failed` ÷ `deployments`. Null when `deployments` is 0."),
		"tier": computedString("`elite` (rate ≤ 0.05), `high` (≤ 0.10), `medium` (≤ 0.15) or `low`, compared as exact fractions (1 of 20 is `elite`). Null when `deployments` is 0."),
	}
}

// recoveryTimeModel is `recovery_time`.
type recoveryTimeModel struct {
	Failures    types.Int64   `tfsdk:"failures"`
	Recovered   types.Int64   `tfsdk:"recovered"`
	Unresolved  types.Int64   `tfsdk:"unresolved"`
	MedianHours types.Float64 `tfsdk:"median_hours"`
	Tier        types.String  `tfsdk:"tier"`
}

func recoveryTimeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"failures": computedInt64("Incidents created in the window, attributed or not, plus rollbacks of deployments not also attributed an incident."),
		"recovered": computedInt64("Failures recovered before `until`: an incident when its issue was closed, a rollback when the rollback deployment " +
			"(the next one of the stream) reached `success`."),
		"unresolved": computedInt64("Failures not recovered before `until`."),
		"median_hours": computedFloat64("Median time to recover in hours, over recovered failures: from the issue's `created_at` to its `closed_at`, " +
			"or from the rolled-back deployment's `deployed_at` to the rollback's. Null when nothing was recovered."),
		"tier": computedString("`elite` (`median_hours` < 1), `high` (< 24), `medium` (< 168) or `low`. Null when nothing was recovered."),
	}
}

// reworkRateModel is `rework_rate`.
type reworkRateModel struct {
	Deployments types.Int64   `tfsdk:"deployments"`
	Rework      types.Int64   `tfsdk:"rework"`
	Rate        types.Float64 `tfsdk:"rate"`
}

func reworkRateAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"deployments": computedInt64("Successful production deployments created in the window (as in `change_failure_rate`)."),
		"rework":      computedInt64("Of those, how many are the next successful production deployment of their stream after one that failed in production."),
		"rate":        computedFloat64("`rework` ÷ `deployments`. Null when `deployments` is 0."),
	}
}

// changeModel is one entry of `changes`.
type changeModel struct {
	Repository    types.String  `tfsdk:"repository"`
	Number        types.Int64   `tfsdk:"number"`
	MergedAt      types.String  `tfsdk:"merged_at"`
	DeploymentID  types.Int64   `tfsdk:"deployment_id"`
	LeadTimeHours types.Float64 `tfsdk:"lead_time_hours"`
}

func changeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"repository":      computedString("The repository, `owner/name`."),
		"number":          computedInt64("The pull request's number."),
		"merged_at":       computedString("When it was merged (RFC 3339)."),
		"deployment_id":   computedInt64("GitHub's ID of the delivering deployment. Null when undelivered."),
		"lead_time_hours": computedFloat64("Its lead time in hours. Null when undelivered."),
	}
}

// failureModel is one entry of `failures`.
type failureModel struct {
	Repository   types.String `tfsdk:"repository"`
	DeploymentID types.Int64  `tfsdk:"deployment_id"`
	Cause        types.String `tfsdk:"cause"`
	IssueNumber  types.Int64  `tfsdk:"issue_number"`
	StartedAt    types.String `tfsdk:"started_at"`
	RecoveredAt  types.String `tfsdk:"recovered_at"`
}

func failureAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"repository":    computedString("The repository, `owner/name`."),
		"deployment_id": computedInt64("GitHub's ID of the deployment that failed: the one the incident is attributed to, or the one rolled back. Null for an unattributed incident."),
		"cause":         computedString("`incident` or `rollback`."),
		"issue_number":  computedInt64("The incident's issue number. Null for a rollback."),
		"started_at":    computedString("When the failure started (RFC 3339): the issue's `created_at`, or the rolled-back deployment's `deployed_at`."),
		"recovered_at":  computedString("When it was recovered (RFC 3339): the issue's `closed_at`, or the rollback's `deployed_at`. Null when unresolved (not recovered before `until`)."),
	}
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, Description: desc}
}

func computedFloat64(desc string) schema.Float64Attribute {
	return schema.Float64Attribute{Computed: true, Description: desc}
}

var (
	leadTimeType          = objectType(leadTimeAttributes())
	changeFailureRateType = objectType(changeFailureRateAttributes())
	recoveryTimeType      = objectType(recoveryTimeAttributes())
	reworkRateType        = objectType(reworkRateAttributes())
	changeType            = objectType(changeAttributes())
	failureType           = objectType(failureAttributes())
)

// doraInput is the metrics' input: the collected data, the window and
// include_bots. Deployments are converted as dxgh_deployments converts
// them, so deployment_frequency is its frequency.
func doraInput(w metrics.Window, data *connector.DORAData, includeBots bool) metrics.DORAInput {
	in := metrics.DORAInput{
		Window: w, Deployments: make([]metrics.Deployment, len(data.Deployments)),
		PullRequests: data.PullRequests, Incidents: data.Incidents, IncludeBots: includeBots,
	}
	for i, f := range data.Deployments {
		in.Deployments[i] = metricsDeployment(f)
	}
	return in
}

// fill computes the outputs from the collected data.
func (m *doraMetricsModel) fill(ctx context.Context, in metrics.DORAInput) diag.Diagnostics {
	out := metrics.ComputeDORA(in)
	// Empty lists, not null, without include_details, as dxgh_deployments'
	// deployments without include_deployments.
	changes, failures := []changeModel{}, []failureModel{}
	if m.IncludeDetails.ValueBool() {
		for _, c := range out.Changes {
			changes = append(changes, newChangeModel(c))
		}
		for _, f := range out.Failures {
			failures = append(failures, newFailureModel(f))
		}
	}
	var d diag.Diagnostics
	keys, diags := doraKeysValue(ctx, out)
	m.DeploymentFrequency, m.LeadTime, m.ChangeFailureRate, m.RecoveryTime, m.ReworkRate =
		keys.DeploymentFrequency, keys.LeadTime, keys.ChangeFailureRate, keys.RecoveryTime, keys.ReworkRate
	m.Changes, d = types.ListValueFrom(ctx, changeType, changes)
	diags.Append(d...)
	m.Failures, d = types.ListValueFrom(ctx, failureType, failures)
	diags.Append(d...)
	return diags
}

// doraKeysModel is the five keys: the data source's own outputs, and each
// of its groups.
type doraKeysModel struct {
	DeploymentFrequency types.Object `tfsdk:"deployment_frequency"`
	LeadTime            types.Object `tfsdk:"lead_time"`
	ChangeFailureRate   types.Object `tfsdk:"change_failure_rate"`
	RecoveryTime        types.Object `tfsdk:"recovery_time"`
	ReworkRate          types.Object `tfsdk:"rework_rate"`
}

// doraKeysValue is the five keys of a computation.
func doraKeysValue(ctx context.Context, out metrics.DORA) (doraKeysModel, diag.Diagnostics) {
	lt, cfr, rt, rr := out.LeadTime, out.ChangeFailureRate, out.RecoveryTime, out.ReworkRate

	var diags, d diag.Diagnostics
	var k doraKeysModel
	k.DeploymentFrequency, d = frequencyValue(ctx, out.DeploymentFrequency)
	diags.Append(d...)
	k.LeadTime, d = types.ObjectValueFrom(ctx, leadTimeType.AttrTypes, leadTimeModel{
		Changes:                  types.Int64Value(int64(lt.Changes)),
		Delivered:                types.Int64Value(int64(lt.Delivered)),
		Undelivered:              types.Int64Value(int64(lt.Undelivered)),
		MedianHours:              types.Float64PointerValue(lt.MedianHours),
		P90Hours:                 types.Float64PointerValue(lt.P90Hours),
		MedianMergeToDeployHours: types.Float64PointerValue(lt.MedianMergeToDeployHours),
		Tier:                     types.StringPointerValue(lt.Tier),
	})
	diags.Append(d...)
	k.ChangeFailureRate, d = types.ObjectValueFrom(ctx, changeFailureRateType.AttrTypes, changeFailureRateModel{
		Deployments: types.Int64Value(int64(cfr.Deployments)),
		Failed:      types.Int64Value(int64(cfr.Failed)),
		ByIncident:  types.Int64Value(int64(cfr.ByIncident)),
		ByRollback:  types.Int64Value(int64(cfr.ByRollback)),
		Rate:        types.Float64PointerValue(cfr.Rate),
		Tier:        types.StringPointerValue(cfr.Tier),
	})
	diags.Append(d...)
	k.RecoveryTime, d = types.ObjectValueFrom(ctx, recoveryTimeType.AttrTypes, recoveryTimeModel{
		Failures:    types.Int64Value(int64(rt.Failures)),
		Recovered:   types.Int64Value(int64(rt.Recovered)),
		Unresolved:  types.Int64Value(int64(rt.Unresolved)),
		MedianHours: types.Float64PointerValue(rt.MedianHours),
		Tier:        types.StringPointerValue(rt.Tier),
	})
	diags.Append(d...)
	k.ReworkRate, d = types.ObjectValueFrom(ctx, reworkRateType.AttrTypes, reworkRateModel{
		Deployments: types.Int64Value(int64(rr.Deployments)),
		Rework:      types.Int64Value(int64(rr.Rework)),
		Rate:        types.Float64PointerValue(rr.Rate),
	})
	diags.Append(d...)
	return k, diags
}

func newChangeModel(c metrics.Change) changeModel {
	return changeModel{
		Repository:    types.StringValue(c.Repository),
		Number:        types.Int64Value(c.Number),
		MergedAt:      types.StringValue(rfc3339(c.MergedAt)),
		DeploymentID:  types.Int64PointerValue(c.DeploymentID),
		LeadTimeHours: types.Float64PointerValue(c.LeadTimeHours),
	}
}

func newFailureModel(f metrics.Failure) failureModel {
	m := failureModel{
		Repository:   types.StringValue(f.Repository),
		DeploymentID: types.Int64PointerValue(f.DeploymentID),
		Cause:        types.StringValue(f.Cause),
		IssueNumber:  types.Int64PointerValue(f.IssueNumber),
		StartedAt:    types.StringValue(rfc3339(f.StartedAt)),
		RecoveredAt:  types.StringNull(),
	}
	if f.RecoveredAt != nil {
		m.RecoveredAt = types.StringValue(rfc3339(*f.RecoveredAt))
	}
	return m
}

// rfc3339 is how outputs spell a time: RFC 3339 in UTC, to the second.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
