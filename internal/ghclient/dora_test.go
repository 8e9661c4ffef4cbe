package ghclient

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// counted runs read and returns the requests it made by route (and GraphQL
// operation), without the total.
func counted(t *testing.T, srv *sandbox.Server, read func() error) map[string]int {
	t.Helper()
	srv.ResetCounts()
	if err := read(); err != nil {
		t.Fatal(err)
	}
	got := srv.Counts()
	delete(got, "total")
	return got
}

// Closed pull requests, newest updated first, paged until a page reaches
// one updated before since: 150 of acme/changes' 350 are in the window, so
// page 2 (pull requests 101–200) is the last of 4. Unmerged ones are listed
// too, open ones not; bots are told by type.
func TestPullRequestsStopAtSince(t *testing.T) {
	url, srv, now := serveDORA(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	repo := repository(t, c, installation(t, c, instAcme), "acme/changes")
	since := now.Add(-doraPullsSince*time.Hour - 30*time.Minute)
	var pulls []PullRequest
	got := counted(t, srv, func() (err error) { pulls, err = c.PullRequests(context.Background(), repo, since); return err })
	if want := map[string]int{routePulls: 2, routeToken: 1}; !maps.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
	if len(pulls) != doraPullsSince {
		t.Fatalf("%d pull requests, want the %d updated since", len(pulls), doraPullsSince)
	}
	var merged, bots int
	for i, p := range pulls {
		if p.Number != int64(1001+i) || p.UpdatedAt.Before(since) || p.State != "closed" {
			t.Fatalf("pull request %d: #%d %s updated %s, want #%d closed, newest updated first", i, p.Number, p.State, p.UpdatedAt, 1001+i)
		}
		if p.MergedAt != nil {
			merged++
			if p.MergeCommitSHA == "" || p.Base.Ref != "main" || p.NodeID == "" {
				t.Errorf("#%d: merge commit %q, base %q, node ID %q", p.Number, p.MergeCommitSHA, p.Base.Ref, p.NodeID)
			}
		}
		if p.User.IsBot() {
			bots++
			if p.User.Login != "dependabot[bot]" {
				t.Errorf("#%d: bot %q", p.Number, p.User.Login)
			}
		}
	}
	if merged != 120 || bots != 21 {
		t.Errorf("%d merged and %d by bots, want 120 and 21", merged, bots)
	}
	again := counted(t, srv, func() error { _, err := c.PullRequests(context.Background(), repo, since); return err })
	if len(again) != 0 {
		t.Errorf("asked again: %v, want the remembered list", again)
	}
}

// The first commit GitHub lists, in one request of one item however many
// commits there are: pull request 1003 has 300, beyond the 250 REST lists.
func TestPullRequestFirstCommitIsOneRequest(t *testing.T) {
	url, srv, now := serveDORA(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	repo := repository(t, c, installation(t, c, instAcme), "acme/changes")
	for _, number := range []int64{1000 + doraHeavyPull, 1001} {
		var first *Commit
		got := counted(t, srv, func() (err error) {
			first, err = c.PullRequestFirstCommit(context.Background(), repo, number)
			return err
		})
		if got[routePullCommits] != 1 {
			t.Errorf("#%d: requests %v, want one commits request", number, got)
		}
		k := int(number - 1000)
		wantAt := now.Add(-time.Duration(k+24) * time.Hour)
		if first == nil || first.SHA != fmt.Sprintf("%040x", k*1000) || !first.CommittedAt().Equal(wantAt) {
			t.Errorf("#%d: first commit %+v, want %040x committed %s", number, first, k*1000, wantAt)
		}
	}
}

// Issues carrying a label, pull requests left out, newest created first,
// paged until a page reaches one created before since: GitHub's since
// (updated since) lists all 250 incident issues and the three labelled
// pull requests (page 1 holds them), 3 pages; the 120 created in the window
// end on page 2, which is the last read.
func TestIssuesSkipPullRequestsAndStopAtSince(t *testing.T) {
	url, srv, now := serveDORA(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	repo := repository(t, c, installation(t, c, instAcme), "acme/changes")
	since := now.Add(-doraIssuesSince*time.Hour - 30*time.Minute)
	var issues []Issue
	got := counted(t, srv, func() (err error) { issues, err = c.Issues(context.Background(), repo, "incident", since); return err })
	if want := map[string]int{routeIssues: 2, routeToken: 1}; !maps.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
	if len(issues) != doraIssuesSince {
		t.Fatalf("%d issues, want %d", len(issues), doraIssuesSince)
	}
	for i, is := range issues {
		if is.Number != int64(2001+i) || is.PullRequest != nil || is.CreatedAt.Before(since) {
			t.Fatalf("issue %d: #%d created %s (pull request: %v), want #%d, issues only, created since", i, is.Number, is.CreatedAt, is.PullRequest != nil, 2001+i)
		}
		if closed := is.Number%2 == 0; closed != (is.State == "closed" && is.ClosedAt != nil) {
			t.Errorf("#%d: state %s closed_at %v", is.Number, is.State, is.ClosedAt)
		}
	}
}

func describePulls(pulls []PullRequest) []string {
	out := make([]string, len(pulls))
	for i, p := range pulls {
		login, kind := "", ""
		if p.User != nil {
			login, kind = p.User.Login, p.User.Type
		}
		out[i] = fmt.Sprintf("#%d id=%d node=%s merged=%s updated=%s sha=%s base=%s by=%s/%s", p.Number, p.ID, p.NodeID,
			p.MergedAt.Format(time.RFC3339), p.UpdatedAt.Format(time.RFC3339), p.MergeCommitSHA, p.Base.Ref, login, kind)
	}
	return out
}

func describeIssues(issues []Issue) []string {
	out := make([]string, len(issues))
	for i, is := range issues {
		closed := "open"
		if is.ClosedAt != nil {
			closed = is.ClosedAt.Format(time.RFC3339)
		}
		out[i] = fmt.Sprintf("#%d id=%d node=%s %s created=%s closed=%s", is.Number, is.ID, is.NodeID, is.State, is.CreatedAt.Format(time.RFC3339), closed)
	}
	return out
}
