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

// A four-day window in UTC and four production deployments, newest first
// as the connector returns them.
var (
	fillWindow = metrics.Window{
		Since:    time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Until:    time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC),
		Location: time.UTC,
	}
	plusTwo   = time.FixedZone("+02:00", 2*60*60)
	fillFound = []connector.ProductionDeployment{
		// Succeeded, then was replaced; GitHub reported its times at +02:00.
		productionDeployment(4, "acme/api", "production", "production", time.Date(2026, 10, 3, 11, 0, 0, 0, plusTwo), "alice",
			status(40, "in_progress", "2026-10-03T09:01:00Z"), status(41, "success", "2026-10-03T09:05:00Z"), status(42, "inactive", "2026-10-03T10:00:00Z")),
		// Failed; its creator's account is gone.
		productionDeployment(3, "acme/web", "Production", "production", time.Date(2026, 10, 2, 10, 0, 0, 0, time.UTC), "",
			status(30, "failure", "2026-10-02T10:02:00Z")),
		productionDeployment(2, "acme/web", "prod", "prod", time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC), "bob",
			status(20, "success", "2026-10-02T08:01:00Z")),
		// No status yet, created at the window's first instant.
		productionDeployment(1, "acme/api", "production", "production", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), "carol"),
	}
)

func productionDeployment(id int64, repo, env, key string, created time.Time, creator string, statuses ...ghclient.DeploymentStatus) connector.ProductionDeployment {
	d := connector.ProductionDeployment{
		Repository: repo, EnvironmentKey: key, Statuses: statuses,
		Deployment: ghclient.Deployment{ID: id, SHA: "sha" + repo, Ref: "main", Task: "deploy", Environment: env, CreatedAt: created},
	}
	if creator != "" {
		d.Creator = &ghclient.User{Login: creator}
	}
	return d
}

func status(id int64, state, at string) ghclient.DeploymentStatus {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	return ghclient.DeploymentStatus{ID: id, State: state, CreatedAt: t}
}

var str = types.StringValue

// deploymentEntry is an entry of `deployments` as a configuration reads
// it; "" is null.
func deploymentEntry(id int64, repo, env, creator, createdAt, deployedAt, state string) map[string]attr.Value {
	return map[string]attr.Value{
		"id": types.Int64Value(id), "repository": str(repo), "environment": str(env), "sha": str("sha" + repo),
		"ref": str("main"), "task": str("deploy"), "creator": stringValueOrNull(creator),
		"created_at": str(createdAt), "deployed_at": stringValueOrNull(deployedAt), "state": stringValueOrNull(state),
	}
}

func entries(t *testing.T, list types.List) []map[string]attr.Value {
	t.Helper()
	if list.IsNull() || list.IsUnknown() {
		t.Fatalf("list is %s; want a known list", list)
	}
	out := make([]map[string]attr.Value, 0, len(list.Elements()))
	for _, e := range list.Elements() {
		out = append(out, e.(types.Object).Attributes())
	}
	return out
}

func counts(t *testing.T, m types.Map) map[string]attr.Value {
	t.Helper()
	if m.IsNull() || m.IsUnknown() {
		t.Fatalf("map is %s; want a known map", m)
	}
	return m.Elements()
}

func day(date string, n int64) map[string]attr.Value {
	return map[string]attr.Value{"date": str(date), "count": types.Int64Value(n)}
}

func weekEntry(start string, days, deploymentDays, successful int64, partial, dropped bool) map[string]attr.Value {
	return map[string]attr.Value{
		"start": str(start), "days": types.Int64Value(days), "deployment_days": types.Int64Value(deploymentDays),
		"successful_count": types.Int64Value(successful), "partial": types.BoolValue(partial), "dropped": types.BoolValue(dropped),
	}
}

func TestFillDeployments(t *testing.T) {
	allListed := []map[string]attr.Value{
		deploymentEntry(4, "acme/api", "production", "alice", "2026-10-03T09:00:00Z", "2026-10-03T09:05:00Z", "inactive"),
		deploymentEntry(3, "acme/web", "Production", "", "2026-10-02T10:00:00Z", "", "failure"),
		deploymentEntry(2, "acme/web", "prod", "bob", "2026-10-02T08:00:00Z", "2026-10-02T08:01:00Z", "success"),
		deploymentEntry(1, "acme/api", "production", "carol", "2026-10-01T00:00:00Z", "", ""),
	}
	twoSuccesses := map[string]attr.Value{
		"per_day": types.Float64Value(0.5), "per_week": types.Float64Value(3.5), "per_month": types.Float64Value(metrics.DaysPerMonth / 2),
		"deployment_days": types.Int64Value(2), "median_days_per_week": types.Float64Value(2), "dora_tier": str("high"),
	}
	tests := []struct {
		name                          string
		found                         []connector.ProductionDeployment
		include                       bool
		wantDeployments               []map[string]attr.Value
		wantTotal, wantOK, wantFailed int64
		wantFrequency                 map[string]attr.Value
		wantByRepository, wantByEnv   map[string]attr.Value
		wantDaily                     []map[string]attr.Value
		wantWeekly                    []map[string]attr.Value
	}{
		{
			name:  "each deployment listed, with its first success and newest state",
			found: fillFound, include: true, wantDeployments: allListed,
			wantTotal: 4, wantOK: 2, wantFailed: 1, wantFrequency: twoSuccesses,
			wantByRepository: map[string]attr.Value{"acme/api": types.Int64Value(1), "acme/web": types.Int64Value(1)},
			wantByEnv:        map[string]attr.Value{"production": types.Int64Value(1), "prod": types.Int64Value(1)},
			wantDaily:        []map[string]attr.Value{day("2026-10-01", 0), day("2026-10-02", 1), day("2026-10-03", 1), day("2026-10-04", 0)},
			wantWeekly:       []map[string]attr.Value{weekEntry("2026-10-01", 4, 2, 2, true, false)},
		},
		{
			name:  "include_deployments = false: an empty list, the same numbers",
			found: fillFound, include: false, wantDeployments: []map[string]attr.Value{},
			wantTotal: 4, wantOK: 2, wantFailed: 1, wantFrequency: twoSuccesses,
			wantByRepository: map[string]attr.Value{"acme/api": types.Int64Value(1), "acme/web": types.Int64Value(1)},
			wantByEnv:        map[string]attr.Value{"production": types.Int64Value(1), "prod": types.Int64Value(1)},
			wantDaily:        []map[string]attr.Value{day("2026-10-01", 0), day("2026-10-02", 1), day("2026-10-03", 1), day("2026-10-04", 0)},
			wantWeekly:       []map[string]attr.Value{weekEntry("2026-10-01", 4, 2, 2, true, false)},
		},
		{
			name:    "no deployments: empty lists and maps, zero counts, every day listed",
			include: true, wantDeployments: []map[string]attr.Value{},
			wantFrequency: map[string]attr.Value{
				"per_day": types.Float64Value(0), "per_week": types.Float64Value(0), "per_month": types.Float64Value(0),
				"deployment_days": types.Int64Value(0), "median_days_per_week": types.Float64Value(0), "dora_tier": str("low"),
			},
			wantByRepository: map[string]attr.Value{}, wantByEnv: map[string]attr.Value{},
			wantDaily:  []map[string]attr.Value{day("2026-10-01", 0), day("2026-10-02", 0), day("2026-10-03", 0), day("2026-10-04", 0)},
			wantWeekly: []map[string]attr.Value{weekEntry("2026-10-01", 4, 0, 0, true, false)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := deploymentsModel{IncludeDeployments: types.BoolValue(tt.include)}
			if diags := m.fill(context.Background(), fillWindow, tt.found, metricsDeployments(tt.found)); diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if got := entries(t, m.Deployments); !reflect.DeepEqual(got, tt.wantDeployments) {
				t.Errorf("deployments:\n got %v\nwant %v", got, tt.wantDeployments)
			}
			gotCounts := []int64{m.TotalCount.ValueInt64(), m.SuccessfulCount.ValueInt64(), m.FailedCount.ValueInt64()}
			if want := []int64{tt.wantTotal, tt.wantOK, tt.wantFailed}; !reflect.DeepEqual(gotCounts, want) {
				t.Errorf("total, successful, failed = %v, want %v", gotCounts, want)
			}
			if got := m.Frequency.Attributes(); m.Frequency.IsNull() || !reflect.DeepEqual(got, tt.wantFrequency) {
				t.Errorf("frequency:\n got %v\nwant %v", got, tt.wantFrequency)
			}
			if got := counts(t, m.ByRepository); !reflect.DeepEqual(got, tt.wantByRepository) {
				t.Errorf("by_repository = %v, want %v", got, tt.wantByRepository)
			}
			if got := counts(t, m.ByEnvironment); !reflect.DeepEqual(got, tt.wantByEnv) {
				t.Errorf("by_environment = %v, want %v", got, tt.wantByEnv)
			}
			if got := entries(t, m.Daily); !reflect.DeepEqual(got, tt.wantDaily) {
				t.Errorf("daily:\n got %v\nwant %v", got, tt.wantDaily)
			}
			if got := entries(t, m.Weekly); !reflect.DeepEqual(got, tt.wantWeekly) {
				t.Errorf("weekly:\n got %v\nwant %v", got, tt.wantWeekly)
			}
		})
	}
}
