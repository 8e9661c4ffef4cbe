package provider

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The defaults a read fills in and stores in state; an empty
// incident_labels stays empty (no incidents) rather than taking the default.
func TestDORAMetricsDefaults(t *testing.T) {
	now := time.Date(2026, 10, 3, 10, 34, 56, 789_000_000, time.UTC)
	tests := []struct {
		name                  string
		labels                types.Set
		bots, details         types.Bool
		wantLabels            []string
		wantBots, wantDetails bool
	}{
		{"defaults", types.SetNull(types.StringType), types.BoolNull(), types.BoolNull(), []string{"incident"}, false, false},
		{"an empty set means no incidents", stringSetOf(), types.BoolValue(true), types.BoolValue(true), []string{}, true, true},
		{"given labels kept", stringSetOf("sev1", "Incident"), types.BoolValue(false), types.BoolValue(true), []string{"Incident", "sev1"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := doraMetricsModel{
				Since: rfc3339OrNull("2026-10-01T00:00:00Z"), Until: rfc3339OrNull(""), TimeZone: types.StringNull(),
				IncidentLabels: tt.labels, IncludeBots: tt.bots, IncludeDetails: tt.details,
			}
			w, diags := m.window(now)
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if !w.Until.Equal(now.Truncate(time.Second)) || m.Until.ValueString() != "2026-10-03T10:34:56Z" || m.TimeZone.ValueString() != "UTC" {
				t.Errorf("until %s (state %s), time_zone %s; want the read time to the second and UTC", w.Until, m.Until, m.TimeZone)
			}
			var labels []string
			if diags := stringSet(context.Background(), m.IncidentLabels, &labels); diags.HasError() || m.IncidentLabels.IsNull() {
				t.Fatalf("incident_labels %s: %v", m.IncidentLabels, diags)
			}
			if !reflect.DeepEqual(labels, tt.wantLabels) {
				t.Errorf("incident_labels %v, want %v", labels, tt.wantLabels)
			}
			if m.IncludeBots.IsNull() || m.IncludeBots.ValueBool() != tt.wantBots || m.IncludeDetails.IsNull() || m.IncludeDetails.ValueBool() != tt.wantDetails {
				t.Errorf("include_bots %s, include_details %s; want %v, %v", m.IncludeBots, m.IncludeDetails, tt.wantBots, tt.wantDetails)
			}
		})
	}
}

// The window's own checks are dxgh_deployments': an error on since.
func TestDORAMetricsWindowChecks(t *testing.T) {
	now := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ since, until, zone, want string }{
		{"2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z", "", "Empty time window"},
		{"2026-10-04T00:00:00Z", "", "", "Empty time window"},
		{"2016-01-01T00:00:00Z", "2026-01-09T00:00:00Z", "", "Time window too long"},
		{"2026-10-01T00:00:00Z", "", "Mars/Olympus_Mons", "Unknown time zone"},
	} {
		m := doraMetricsModel{Since: rfc3339OrNull(tc.since), Until: rfc3339OrNull(tc.until), TimeZone: stringValueOrNull(tc.zone)}
		_, diags := m.window(now)
		wantAt := path.Root("since")
		if tc.zone != "" {
			wantAt = path.Root("time_zone")
		}
		if diags.ErrorsCount() != 1 || diags.Errors()[0].Summary() != tc.want || !attributePath(diags.Errors()[0]).Equal(wantAt) {
			t.Errorf("%+v: %v, want one %q at %s", tc, diags, tc.want, wantAt)
		}
	}
}
