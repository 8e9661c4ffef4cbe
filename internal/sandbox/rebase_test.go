package sandbox

import (
	"testing"
	"time"
)

// The demo's 30-day window relies on the newest deployment being dated
// yesterday (UTC) after -rebase-to-now, whatever the time of day.
func TestRebasePutsNewestDeploymentOnYesterday(t *testing.T) {
	for _, tc := range []struct{ name, newest, now string }{
		{"late in the day, early now", "2026-09-30T23:00:00Z", "2026-11-25T08:18:00Z"},
		{"early in the day, late now", "2026-09-30T01:00:00Z", "2026-11-25T23:59:00Z"},
		{"already yesterday", "2026-11-24T12:00:00Z", "2026-11-25T08:00:00Z"},
		{"in the future", "2027-01-10T12:00:00Z", "2026-11-25T08:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newest, _ := time.Parse(time.RFC3339, tc.newest)
			now, _ := time.Parse(time.RFC3339, tc.now)
			older := newest.Add(-72 * time.Hour)
			f := &Fixture{Repositories: []Repository{{Deployments: []Deployment{
				{ID: 1, CreatedAt: older, Statuses: []Status{{ID: 1, CreatedAt: older.Add(time.Minute)}}},
				{ID: 2, CreatedAt: newest},
			}}}}
			f.Rebase(now)
			got := f.Repositories[0].Deployments[1].CreatedAt
			if want := now.AddDate(0, 0, -1).Format("2006-01-02"); got.Format("2006-01-02") != want {
				t.Errorf("newest deployment at %s, want on %s", got, want)
			}
			if got.Format("15:04:05") != newest.Format("15:04:05") {
				t.Errorf("time of day changed: %s -> %s", newest, got)
			}
			d0 := f.Repositories[0].Deployments[0]
			if got.Sub(d0.CreatedAt) != 72*time.Hour || d0.Statuses[0].CreatedAt.Sub(d0.CreatedAt) != time.Minute {
				t.Errorf("relative times not kept: deployment %s, status %s", d0.CreatedAt, d0.Statuses[0].CreatedAt)
			}
		})
	}
}
