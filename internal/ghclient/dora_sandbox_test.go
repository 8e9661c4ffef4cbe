package ghclient

import (
	"fmt"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Routes of the DORA reads as the sandbox counts them.
const (
	routePulls       = "GET /repos/{owner}/{repo}/pulls"
	routePullCommits = "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits"
	routeIssues      = "GET /repos/{owner}/{repo}/issues"
)

// The DORA fixture's dates, from the fixture's now, and its windows' starts.
const (
	doraPulls       = 350 // closed pull requests of acme/changes, one an hour back from now
	doraPullsSince  = 150 // hours back: PR k is updated k hours before now
	doraIssues      = 250 // incident issues of acme/changes, one an hour back from now
	doraIssuesSince = 120 // hours back
	doraHeavyPull   = 3   // k of the pull request with 300 commits
)

// doraFixture is testFixture with acme/changes, a repository busy with pull
// requests and issues:
//   - pull request k (1…350, number 1000+k) was updated and closed k hours
//     before now, merged unless k is a multiple of 5, by dependabot[bot]
//     (type Bot) when k is a multiple of 7, with two commits (the first
//     committed a day before the merge, the second an hour before), except
//     k = 3 with 300; pull requests 1, 2 and 4 carry the label "incident";
//     each was opened two days before it closed; five more are open;
//   - incident issue j (1…250, number 2000+j) was created j hours before
//     now and updated then (closed half an hour later when j is even), or
//     an hour ago when j > 120 (before the issues' window, updated in it);
//     labelled "incident"; ten "bug" issues besides;
//
// and acme/svc-00 has ten issues labelled "Incident", another spelling,
// created 1…10 hours before now.
func doraFixture(t testing.TB, now time.Time) *sandbox.Fixture {
	t.Helper()
	f := testFixture(t, now)
	changes := sandbox.Repository{ID: 5000, FullName: "acme/changes", Visibility: "private", DefaultBranch: "main",
		CreatedAt: now.Add(-365 * 24 * time.Hour)}
	hours := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	for k := 1; k <= doraPulls; k++ {
		at := hours(k)
		p := sandbox.PullRequest{Number: int64(1000 + k), ID: int64(600000 + k), Title: fmt.Sprintf("change %d", k),
			Author: "octocat", State: "closed", BaseRef: "main", HeadRef: fmt.Sprintf("octocat/%d", k),
			CreatedAt: hours(k + 48), UpdatedAt: at, ClosedAt: &at}
		if k%7 == 0 {
			p.Author = "dependabot[bot]"
		}
		if k%5 != 0 {
			p.MergedAt = &at
			p.MergeCommitSHA = fmt.Sprintf("%040x", 0xc0000+k)
		}
		if k == 1 || k == 2 || k == 4 {
			p.Labels = []string{"incident"}
		}
		n := 2
		if k == doraHeavyPull {
			n = 300
		}
		for i := 0; i < n; i++ {
			c := hours(k + 24 - i*23/n) // the first a day before, the last about an hour before
			p.Commits = append(p.Commits, sandbox.Commit{SHA: fmt.Sprintf("%040x", k*1000+i), AuthoredAt: c, CommittedAt: c})
		}
		changes.PullRequests = append(changes.PullRequests, p)
	}
	for k := 1; k <= 5; k++ {
		changes.PullRequests = append(changes.PullRequests, sandbox.PullRequest{Number: int64(1500 + k), ID: int64(610000 + k),
			Title: "open", Author: "octocat", State: "open", BaseRef: "main", HeadRef: "wip", CreatedAt: hours(k), UpdatedAt: hours(k),
			Commits: []sandbox.Commit{{SHA: fmt.Sprintf("%040x", 0xd0000+k), AuthoredAt: hours(k), CommittedAt: hours(k)}}})
	}
	for j := 1; j <= doraIssues; j++ {
		is := sandbox.Issue{Number: int64(2000 + j), ID: int64(800000 + j), Title: fmt.Sprintf("incident %d", j), Author: "octocat",
			State: "open", CreatedAt: hours(j), UpdatedAt: hours(j), Labels: []string{"incident"}}
		if j%2 == 0 {
			closed := hours(j).Add(30 * time.Minute)
			is.State, is.ClosedAt, is.UpdatedAt = "closed", &closed, closed
		}
		if j > doraIssuesSince {
			is.UpdatedAt = hours(1)
		}
		changes.Issues = append(changes.Issues, is)
	}
	for j := 1; j <= 10; j++ {
		changes.Issues = append(changes.Issues, sandbox.Issue{Number: int64(2500 + j), ID: int64(810000 + j), Title: "bug",
			Author: "octocat", State: "open", CreatedAt: hours(j), UpdatedAt: hours(j), Labels: []string{"bug"}})
	}
	f.Repositories = append(f.Repositories, changes)
	for i := range f.Repositories {
		if f.Repositories[i].FullName != "acme/svc-00" {
			continue
		}
		for j := 1; j <= 10; j++ {
			f.Repositories[i].Issues = append(f.Repositories[i].Issues, sandbox.Issue{Number: int64(j), ID: int64(820000 + j),
				Title: "Incident", Author: "pagerduty[bot]", State: "open", CreatedAt: hours(j), UpdatedAt: hours(j), Labels: []string{"Incident"}})
		}
	}
	return f
}

// serveDORA serves doraFixture, its now a whole second.
func serveDORA(t *testing.T, opts sandbox.Options) (string, *sandbox.Server, time.Time) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	srv := sandbox.ServeTest(t, doraFixture(t, now), opts)
	return srv.URL(), srv, now
}
