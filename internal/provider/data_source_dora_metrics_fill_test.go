package provider

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atPtr(s string) *time.Time { t := at(s); return &t }

// doraDeployment is a production deployment of acme/api, stream key
// "production", that reached success at deployedAt.
func doraDeployment(id int64, env, sha, created, deployedAt string) connector.ProductionDeployment {
	return connector.ProductionDeployment{
		Repository: "acme/api", EnvironmentKey: "production",
		Deployment: ghclient.Deployment{ID: id, SHA: sha, Ref: "main", Task: "deploy", Environment: env, CreatedAt: at(created)},
		Statuses:   []ghclient.DeploymentStatus{status(id*10, "in_progress", created), status(id*10+1, "success", deployedAt)},
	}
}

// fillDORA is a four-day window's data (fillWindow). Deployment 2 (sha bbb)
// is rolled back by 3 (sha aaa, which 1 had): only if 1, spelled
// "Production" on GitHub, is in the same stream, so the environment key,
// not GitHub's spelling, must reach the metrics. Pull request 7 is
// delivered by 2 by its merge commit; the bot's 8 by 4 through its base
// branch; 9 by nothing. Incidents 20 (closed after 2 h) and 21 (open) are
// both attributed to 4, the latest deployed before them.
var fillDORA = &connector.DORAData{
	Deployments: []connector.ProductionDeployment{
		doraDeployment(4, "production", "ccc", "2026-10-03T09:00:00Z", "2026-10-03T09:30:00Z"),
		doraDeployment(3, "production", "aaa", "2026-10-02T12:00:00Z", "2026-10-02T12:15:00Z"),
		doraDeployment(2, "production", "bbb", "2026-10-02T10:00:00Z", "2026-10-02T10:30:00Z"),
		doraDeployment(1, "Production", "aaa", "2026-10-01T10:00:00Z", "2026-10-01T10:10:00Z"),
	},
	PullRequests: []metrics.PullRequest{
		{Repository: "acme/api", Number: 7, MergedAt: at("2026-10-02T09:00:00Z"), MergeCommitSHA: "bbb", BaseBranch: "main", FirstCommitAt: atPtr("2026-10-01T09:00:00Z")},
		{Repository: "acme/api", Number: 8, MergedAt: at("2026-10-03T08:00:00Z"), BaseBranch: "main", AuthorIsBot: true},
		{Repository: "acme/api", Number: 9, MergedAt: at("2026-10-04T12:00:00Z"), MergeCommitSHA: "ddd", BaseBranch: "main"},
	},
	Incidents: []metrics.Incident{
		{Repository: "acme/api", Number: 20, CreatedAt: at("2026-10-03T10:00:00Z"), ClosedAt: atPtr("2026-10-03T12:00:00Z")},
		{Repository: "acme/api", Number: 21, CreatedAt: at("2026-10-04T00:00:00Z")},
	},
}

var (
	i64 = types.Int64Value
	f64 = types.Float64Value
)

func change(number int64, mergedAt string, deploymentID int64, hours float64) map[string]attr.Value {
	m := map[string]attr.Value{
		"repository": str("acme/api"), "number": i64(number), "merged_at": str(mergedAt),
		"deployment_id": types.Int64Null(), "lead_time_hours": types.Float64Null(),
	}
	if deploymentID != 0 {
		m["deployment_id"], m["lead_time_hours"] = i64(deploymentID), f64(hours)
	}
	return m
}

func failure(cause string, deploymentID, issue int64, started, recovered string) map[string]attr.Value {
	m := map[string]attr.Value{
		"repository": str("acme/api"), "cause": str(cause), "deployment_id": i64(deploymentID),
		"issue_number": types.Int64Null(), "started_at": str(started), "recovered_at": stringValueOrNull(recovered),
	}
	if issue != 0 {
		m["issue_number"] = i64(issue)
	}
	return m
}

func TestFillDORAMetrics(t *testing.T) {
	nullF, nullS := types.Float64Null(), types.StringNull()
	leadTimePeople := map[string]attr.Value{
		"changes": i64(2), "delivered": i64(1), "undelivered": i64(1),
		"median_hours": f64(25.5), "p90_hours": f64(25.5), "median_merge_to_deploy_hours": f64(1.5), "tier": str("high"),
	}
	failures := map[string]attr.Value{
		"deployments": i64(4), "failed": i64(2), "by_incident": i64(1), "by_rollback": i64(1), "rate": f64(0.5), "tier": str("low"),
	}
	recovery := map[string]attr.Value{"failures": i64(3), "recovered": i64(2), "unresolved": i64(1), "median_hours": f64(1.875), "tier": str("high")}
	rework := map[string]attr.Value{"deployments": i64(4), "rework": i64(1), "rate": f64(0.25)}
	frequency := map[string]attr.Value{
		"per_day": f64(1), "per_week": f64(7), "per_month": f64(metrics.DaysPerMonth),
		"deployment_days": i64(3), "median_days_per_week": f64(3), "dora_tier": str("elite"),
	}
	failureList := []map[string]attr.Value{
		failure("incident", 4, 21, "2026-10-04T00:00:00Z", ""),
		failure("incident", 4, 20, "2026-10-03T10:00:00Z", "2026-10-03T12:00:00Z"),
		failure("rollback", 2, 0, "2026-10-02T10:30:00Z", "2026-10-02T12:15:00Z"),
	}
	tests := []struct {
		name          string
		data          *connector.DORAData
		bots, details bool
		wantLeadTime  map[string]attr.Value
		wantCFR       map[string]attr.Value
		wantRecovery  map[string]attr.Value
		wantRework    map[string]attr.Value
		wantFrequency map[string]attr.Value
		wantChanges   []map[string]attr.Value
		wantFailures  []map[string]attr.Value
	}{
		{
			name: "without details: every metric, empty lists",
			data: fillDORA, wantLeadTime: leadTimePeople, wantCFR: failures, wantRecovery: recovery, wantRework: rework, wantFrequency: frequency,
			wantChanges: []map[string]attr.Value{}, wantFailures: []map[string]attr.Value{},
		},
		{
			name: "with details: each change and failure in order",
			data: fillDORA, details: true, wantLeadTime: leadTimePeople, wantCFR: failures, wantRecovery: recovery, wantRework: rework, wantFrequency: frequency,
			wantChanges: []map[string]attr.Value{
				change(9, "2026-10-04T12:00:00Z", 0, 0),
				change(7, "2026-10-02T09:00:00Z", 2, 25.5),
			},
			wantFailures: failureList,
		},
		{
			name: "include_bots: the bot's change counts",
			data: fillDORA, bots: true, details: true,
			wantLeadTime: map[string]attr.Value{
				"changes": i64(3), "delivered": i64(2), "undelivered": i64(1),
				"median_hours": f64(13.5), "p90_hours": f64(25.5), "median_merge_to_deploy_hours": f64(1.5), "tier": str("elite"),
			},
			wantCFR: failures, wantRecovery: recovery, wantRework: rework, wantFrequency: frequency,
			wantChanges: []map[string]attr.Value{
				change(9, "2026-10-04T12:00:00Z", 0, 0),
				change(8, "2026-10-03T08:00:00Z", 4, 1.5),
				change(7, "2026-10-02T09:00:00Z", 2, 25.5),
			},
			wantFailures: failureList,
		},
		{
			name: "nothing read: zero counts, null hours, rates and tiers, empty lists",
			data: &connector.DORAData{}, details: true,
			wantLeadTime: map[string]attr.Value{
				"changes": i64(0), "delivered": i64(0), "undelivered": i64(0),
				"median_hours": nullF, "p90_hours": nullF, "median_merge_to_deploy_hours": nullF, "tier": nullS,
			},
			wantCFR:      map[string]attr.Value{"deployments": i64(0), "failed": i64(0), "by_incident": i64(0), "by_rollback": i64(0), "rate": nullF, "tier": nullS},
			wantRecovery: map[string]attr.Value{"failures": i64(0), "recovered": i64(0), "unresolved": i64(0), "median_hours": nullF, "tier": nullS},
			wantRework:   map[string]attr.Value{"deployments": i64(0), "rework": i64(0), "rate": nullF},
			wantFrequency: map[string]attr.Value{
				"per_day": f64(0), "per_week": f64(0), "per_month": f64(0),
				"deployment_days": i64(0), "median_days_per_week": f64(0), "dora_tier": str("low"),
			},
			wantChanges: []map[string]attr.Value{}, wantFailures: []map[string]attr.Value{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := doraMetricsModel{IncludeBots: types.BoolValue(tt.bots), IncludeDetails: types.BoolValue(tt.details)}
			if diags := m.fill(context.Background(), doraInput(fillWindow, tt.data, tt.bots)); diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			for name, c := range map[string]struct {
				got  types.Object
				want map[string]attr.Value
			}{
				"deployment_frequency": {m.DeploymentFrequency, tt.wantFrequency},
				"lead_time":            {m.LeadTime, tt.wantLeadTime},
				"change_failure_rate":  {m.ChangeFailureRate, tt.wantCFR},
				"recovery_time":        {m.RecoveryTime, tt.wantRecovery},
				"rework_rate":          {m.ReworkRate, tt.wantRework},
			} {
				if c.got.IsNull() || !reflect.DeepEqual(c.got.Attributes(), c.want) {
					t.Errorf("%s:\n got %v\nwant %v", name, c.got, c.want)
				}
			}
			if got := entries(t, m.Changes); !reflect.DeepEqual(got, tt.wantChanges) {
				t.Errorf("changes:\n got %v\nwant %v", got, tt.wantChanges)
			}
			if got := entries(t, m.Failures); !reflect.DeepEqual(got, tt.wantFailures) {
				t.Errorf("failures:\n got %v\nwant %v", got, tt.wantFailures)
			}
		})
	}
}

// deployment_frequency is dxgh_deployments' frequency of the same
// deployments, value for value.
func TestFillDORAMetricsFrequencyIsDeployments(t *testing.T) {
	for _, found := range [][]connector.ProductionDeployment{fillFound, fillDORA.Deployments, nil} {
		dm := deploymentsModel{IncludeDeployments: types.BoolValue(false)}
		m := doraMetricsModel{IncludeBots: types.BoolValue(false), IncludeDetails: types.BoolValue(false)}
		if diags := append(dm.fill(context.Background(), fillWindow, found, metricsDeployments(found)), m.fill(context.Background(), doraInput(fillWindow, &connector.DORAData{Deployments: found}, false))...); diags.HasError() {
			t.Fatalf("diagnostics: %v", diags)
		}
		if !m.DeploymentFrequency.Equal(dm.Frequency) {
			t.Errorf("deployment_frequency %v, dxgh_deployments' frequency %v", m.DeploymentFrequency, dm.Frequency)
		}
	}
}
