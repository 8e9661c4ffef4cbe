package sandbox

import (
	"strings"
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

// Pull requests, their commits and issues move with the deployments, so a
// rebased organisation keeps every lead time and recovery time.
func TestRebaseMovesPullRequestsAndIssues(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	ptr := func(s string) *time.Time { v := at(s); return &v }
	f := &Fixture{Repositories: []Repository{{
		Deployments: []Deployment{{ID: 1, CreatedAt: at("2026-11-19T12:00:00Z")}},
		PullRequests: []PullRequest{{CreatedAt: at("2026-11-10T09:00:00Z"), UpdatedAt: at("2026-11-12T09:00:00Z"),
			ClosedAt: ptr("2026-11-11T09:00:00Z"), MergedAt: ptr("2026-11-11T09:00:00Z"),
			Commits: []Commit{{AuthoredAt: at("2026-10-01T08:00:00Z"), CommittedAt: at("2026-11-09T08:00:00Z")}}}},
		Issues: []Issue{{CreatedAt: at("2026-11-13T10:00:00Z"), UpdatedAt: at("2026-11-14T10:00:00Z"), ClosedAt: ptr("2026-11-14T10:00:00Z")}},
	}}}
	f.Rebase(at("2026-12-05T08:00:00Z")) // newest deployment to 2026-12-04: 15 days
	r := f.Repositories[0]
	pr, c, is := r.PullRequests[0], r.PullRequests[0].Commits[0], r.Issues[0]
	for what, got := range map[string]time.Time{
		"pull request created_at 2026-11-25T09:00:00Z": pr.CreatedAt, "pull request updated_at 2026-11-27T09:00:00Z": pr.UpdatedAt,
		"pull request closed_at 2026-11-26T09:00:00Z": *pr.ClosedAt, "pull request merged_at 2026-11-26T09:00:00Z": *pr.MergedAt,
		"commit authored_at 2026-10-16T08:00:00Z": c.AuthoredAt, "commit committed_at 2026-11-24T08:00:00Z": c.CommittedAt,
		"issue created_at 2026-11-28T10:00:00Z": is.CreatedAt, "issue updated_at 2026-11-29T10:00:00Z": is.UpdatedAt,
		"issue closed_at 2026-11-29T10:00:00Z": *is.ClosedAt,
	} {
		if want := what[strings.LastIndex(what, " ")+1:]; got.UTC().Format(time.RFC3339) != want {
			t.Errorf("%s: got %s", what, got.UTC().Format(time.RFC3339))
		}
	}
}
