package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func rfc3339OrNull(s string) timestampWithHint {
	if s == "" {
		return timestampWithHint{timetypes.NewRFC3339Null()}
	}
	return timestampWithHint{timetypes.NewRFC3339ValueMust(s)}
}

func stringValueOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// attributePath is where a diagnostic points; empty when it names no attribute.
func attributePath(d diag.Diagnostic) path.Path {
	if withPath, ok := d.(diag.DiagnosticWithPath); ok {
		return withPath.Path()
	}
	return path.Empty()
}

// TestDeploymentsWindow covers the defaults a read fills in (until,
// time_zone, include_deployments, all stored in state) and the window's
// own checks.
func TestDeploymentsWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	readAt := time.Date(2026, 10, 3, 12, 34, 56, 789_000_000, berlin) // 10:34:56.789Z
	tests := []struct {
		name                  string
		since, until, zone    string // "" is null
		include               types.Bool
		now                   time.Time
		wantSince, wantUntil  time.Time
		wantUntilState        string
		wantZone, wantLocName string
		wantInclude           bool
		wantErrAt             path.Path // empty: no error
		wantErr               string
	}{
		{
			name:  "defaults: until is the read time to the second in UTC, UTC days, deployments listed",
			since: "2026-10-01T00:00:00Z", include: types.BoolNull(), now: readAt,
			wantSince: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), wantUntil: time.Date(2026, 10, 3, 10, 34, 56, 0, time.UTC),
			wantUntilState: "2026-10-03T10:34:56Z", wantZone: "UTC", wantLocName: "UTC", wantInclude: true,
		},
		{
			name:  "given values are kept as written",
			since: "2026-09-30T22:00:00Z", until: "2026-10-02T00:00:00+02:00", zone: "Europe/Berlin", include: types.BoolValue(false), now: readAt,
			wantSince: time.Date(2026, 9, 30, 22, 0, 0, 0, time.UTC), wantUntil: time.Date(2026, 10, 1, 22, 0, 0, 0, time.UTC),
			wantUntilState: "2026-10-02T00:00:00+02:00", wantZone: "Europe/Berlin", wantLocName: "Europe/Berlin", wantInclude: false,
		},
		{
			name:  "since equal to until is an empty window",
			since: "2026-10-01T00:00:00Z", until: "2026-10-01T00:00:00Z", include: types.BoolNull(), now: readAt,
			wantErrAt: path.Root("since"), wantErr: "Empty time window",
		},
		{
			name:  "since after the read time, until defaulted, is an empty window",
			since: "2026-10-04T00:00:00Z", include: types.BoolNull(), now: readAt,
			wantErrAt: path.Root("since"), wantErr: "Empty time window",
		},
		{
			name:  "a time zone the system does not know",
			since: "2026-10-01T00:00:00Z", zone: "Mars/Olympus_Mons", include: types.BoolNull(), now: readAt,
			wantErrAt: path.Root("time_zone"), wantErr: "Unknown time zone",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := deploymentsModel{
				Since: rfc3339OrNull(tt.since), Until: rfc3339OrNull(tt.until),
				TimeZone: stringValueOrNull(tt.zone), IncludeDeployments: tt.include,
			}
			w, diags := m.window(tt.now)
			if tt.wantErr != "" {
				if diags.ErrorsCount() != 1 {
					t.Fatalf("want one error %q at %s, got %v", tt.wantErr, tt.wantErrAt, diags)
				}
				got := diags.Errors()[0]
				if got.Summary() != tt.wantErr || !attributePath(got).Equal(tt.wantErrAt) {
					t.Fatalf("error %q at %s, want %q at %s", got.Summary(), attributePath(got), tt.wantErr, tt.wantErrAt)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if !w.Since.Equal(tt.wantSince) || !w.Until.Equal(tt.wantUntil) {
				t.Errorf("window [%s, %s), want [%s, %s)", w.Since, w.Until, tt.wantSince, tt.wantUntil)
			}
			if w.Location.String() != tt.wantLocName {
				t.Errorf("days in %s, want %s", w.Location, tt.wantLocName)
			}
			if m.Until.ValueString() != tt.wantUntilState {
				t.Errorf("until in state %q, want %q", m.Until.ValueString(), tt.wantUntilState)
			}
			if m.TimeZone.ValueString() != tt.wantZone {
				t.Errorf("time_zone in state %q, want %q", m.TimeZone.ValueString(), tt.wantZone)
			}
			if m.IncludeDeployments.IsNull() || m.IncludeDeployments.ValueBool() != tt.wantInclude {
				t.Errorf("include_deployments in state %s, want %v", m.IncludeDeployments, tt.wantInclude)
			}
		})
	}
}
