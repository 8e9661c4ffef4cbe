package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// status is the HTTP status of a GET, for answers that are not 200.
func (ex *exampleOrg) status(t *testing.T, path string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ex.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+ex.token)
	resp, err := ex.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func exampleRepo(t *testing.T, name string) *Repository {
	t.Helper()
	f, err := LoadFixture(filepath.Join(ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Repositories {
		if f.Repositories[i].FullName == name {
			return &f.Repositories[i]
		}
	}
	t.Fatalf("no repository %s in the example organisation", name)
	return nil
}

func numbers(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(it["number"])
	}
	return out
}

func values(items []map[string]any, key string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(it[key])
	}
	return out
}

func TestPullsAreListedAsGitHubLists(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	repo := exampleRepo(t, "acme/api")
	var open, closed, releases int
	for _, pr := range repo.PullRequests {
		if pr.State == "open" {
			open++
		} else {
			closed++
		}
		if pr.BaseRef == "release/2026-10" {
			releases++
		}
	}

	def := ex.restList(t, "repos/acme/api/pulls", "")
	if len(def) != open || !slices.IsSortedFunc(values(def, "created_at"), func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("default: %d pull requests (want the %d open ones), created_at %v (want newest first)", len(def), open, values(def, "created_at"))
	}
	// What dxgh_dora_metrics reads: closed ones, most recently updated first.
	byUpdated := ex.restList(t, "repos/acme/api/pulls?state=closed&sort=updated&direction=desc", "")
	updated := values(byUpdated, "updated_at")
	if len(byUpdated) != closed || !slices.IsSortedFunc(updated, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("state=closed&sort=updated&direction=desc: %d (want %d), updated_at %v", len(byUpdated), closed, updated)
	}
	merged, unmerged := 0, 0
	for _, pr := range byUpdated {
		if pr["state"] != "closed" {
			t.Errorf("state=closed listed #%v, %v", pr["number"], pr["state"])
		}
		if pr["merged_at"] != nil {
			merged++
		} else {
			unmerged++
		}
	}
	if merged == 0 || unmerged == 0 {
		t.Errorf("closed pull requests: %d merged, %d not: want both", merged, unmerged)
	}
	// sort=updated without a direction is ascending, as GitHub documents.
	asc := ex.restList(t, "repos/acme/api/pulls?state=closed&sort=updated", "")
	reversed := numbers(asc)
	slices.Reverse(reversed)
	if !slices.Equal(reversed, numbers(byUpdated)) {
		t.Errorf("sort=updated defaults to asc: got %v reversed, want %v", reversed, numbers(byUpdated))
	}
	if all := ex.restList(t, "repos/acme/api/pulls?state=all", ""); len(all) != len(repo.PullRequests) {
		t.Errorf("state=all: %d, want %d", len(all), len(repo.PullRequests))
	}
	if base := ex.restList(t, "repos/acme/api/pulls?state=all&base=release/2026-10", ""); len(base) != releases || releases == 0 {
		t.Errorf("base=release/2026-10: %d, want %d", len(base), releases)
	}
	first := byUpdated[0]
	if first["head"].(map[string]any)["repo"].(map[string]any)["full_name"] != "acme/api" || first["base"].(map[string]any)["ref"] == "" {
		t.Errorf("head/base of #%v: %v / %v", first["number"], first["head"], first["base"])
	}
	if got := ex.status(t, "repos/acme/api/pulls?state=merged"); got != http.StatusUnprocessableEntity {
		t.Errorf("state=merged: %d, want 422", got)
	}
}

func TestPullRequestCommits(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	for _, name := range []string{"acme/payments", "acme/web"} {
		repo := exampleRepo(t, name)
		var most *PullRequest
		for i := range repo.PullRequests {
			if most == nil || len(repo.PullRequests[i].Commits) > len(most.Commits) {
				most = &repo.PullRequests[i]
			}
		}
		got := ex.restList(t, fmt.Sprintf("repos/%s/pulls/%d/commits", name, most.Number), "")
		want := min(len(most.Commits), 250) // GitHub lists at most 250
		if len(got) != want {
			t.Fatalf("%s #%d has %d commits: listed %d, want %d", name, most.Number, len(most.Commits), len(got), want)
		}
		for i, c := range got {
			committer := c["commit"].(map[string]any)["committer"].(map[string]any)["date"]
			if c["sha"] != most.Commits[i].SHA || committer != stamp(most.Commits[i].CommittedAt) {
				t.Fatalf("%s #%d commit %d: %v committed %v, want the fixture's %s at %s", name, most.Number, i, c["sha"], committer, most.Commits[i].SHA, stamp(most.Commits[i].CommittedAt))
			}
		}
	}
	repo := exampleRepo(t, "acme/api")
	if got := ex.status(t, fmt.Sprintf("repos/acme/api/pulls/%d/commits", repo.Issues[0].Number)); got != http.StatusNotFound {
		t.Errorf("commits of an issue's number: %d, want 404", got)
	}
}

func TestIssuesListPullRequestsAndMatchLabels(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	repo := exampleRepo(t, "acme/api")
	want := map[string]bool{} // labelled incident, any case, issues and pull requests
	for _, is := range repo.Issues {
		if labelled(is.Labels, "incident") {
			want[fmt.Sprint(is.Number)] = true
		}
	}
	prs := 0
	for _, pr := range repo.PullRequests {
		if labelled(pr.Labels, "incident") {
			want[fmt.Sprint(pr.Number)] = true
			prs++
		}
	}
	got := ex.restList(t, "repos/acme/api/issues?labels=INCIDENT&state=all", "")
	listedPRs := 0
	for _, it := range got {
		if !want[fmt.Sprint(it["number"])] {
			t.Errorf("labels=INCIDENT listed #%v %v", it["number"], it["labels"])
		}
		if it["pull_request"] != nil {
			listedPRs++
		}
	}
	if len(got) != len(want) || listedPRs != prs || prs == 0 {
		t.Errorf("labels=INCIDENT: %d listed (%d pull requests), want %d (%d)", len(got), listedPRs, len(want), prs)
	}

	// Every label is required; since is inclusive (that issue was updated
	// at 15:30:00 exactly).
	both := ex.restList(t, "repos/acme/api/issues?labels=incident,sev1&state=all&since=2026-11-12T15:30:00Z", "")
	if len(both) != 1 || !strings.Contains(both[0]["title"].(string), "incident and sev1") {
		raw, _ := json.Marshal(both)
		t.Errorf("labels=incident,sev1&since=…15:30:00Z: %s", raw)
	}
	if later := ex.restList(t, "repos/acme/api/issues?labels=incident,sev1&state=all&since=2026-11-12T15:30:01Z", ""); len(later) != 0 {
		t.Errorf("since one second later still lists %v", numbers(later))
	}
	for _, it := range ex.restList(t, "repos/acme/api/issues", "") {
		if it["state"] != "open" {
			t.Errorf("the default state is open; listed #%v, %v", it["number"], it["state"])
		}
	}
}

func TestChangeRoutesNeedTheirPermissions(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	repo := exampleRepo(t, "acme/api")
	commits := fmt.Sprintf("repos/acme/api/pulls/%d/commits", repo.PullRequests[0].Number)
	for _, p := range []string{"repos/acme/api/pulls", commits, "repos/acme/api/issues"} {
		if got := ex.status(t, p); got != http.StatusOK {
			t.Fatalf("%s: %d", p, got)
		}
	}
	if err := ex.srv.SetPermission(11001, "pull_requests", ""); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]int{"repos/acme/api/pulls": 403, commits: 403, "repos/acme/api/issues": 200} {
		if got := ex.status(t, p); got != want {
			t.Errorf("without pull_requests, %s: %d, want %d", p, got, want)
		}
	}
	if err := ex.srv.SetPermission(11001, "issues", ""); err != nil {
		t.Fatal(err)
	}
	if got := ex.status(t, "repos/acme/api/issues"); got != http.StatusForbidden {
		t.Errorf("without issues, /issues: %d, want 403", got)
	}
	c := ex.srv.Counts()
	if c["GET /repos/{owner}/{repo}/pulls"] != 2 || c["GET /repos/{owner}/{repo}/pulls/{pull_number}/commits"] != 2 || c["GET /repos/{owner}/{repo}/issues"] != 3 {
		t.Errorf("counts: %v", c)
	}
}
