package sandbox

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func exampleFixture(t *testing.T) *Fixture {
	t.Helper()
	f, err := LoadFixture(filepath.Join(ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fixtureTeam is the example fixture's team org/slug.
func fixtureTeam(f *Fixture, org, slug string) *Team {
	for i := range f.Teams {
		if f.Teams[i].Org == org && f.Teams[i].Slug == slug {
			return &f.Teams[i]
		}
	}
	return nil
}

func TestTeamsAreListedByIDWithParents(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	f := exampleFixture(t)
	var want []string
	parents := map[string]string{}
	for _, tm := range f.Teams {
		if tm.Org == "acme" {
			want = append(want, fmt.Sprint(tm.ID))
			parents[tm.Slug] = tm.Parent
		}
	}
	got := ex.restList(t, "orgs/acme/teams", "")
	if ids := values(got, "id"); !slices.Equal(ids, want) {
		t.Fatalf("team ids %v, want %v (by ID)", ids, want)
	}
	for _, tm := range got {
		parent, _ := tm["parent"].(map[string]any)
		slug := tm["slug"].(string)
		if (parent == nil) != (parents[slug] == "") || (parent != nil && parent["slug"] != parents[slug]) {
			t.Errorf("%s: parent %v, want %q", slug, tm["parent"], parents[slug])
		}
	}
	// Pages of 2 with a Link to the last.
	req, _ := http.NewRequest("GET", ex.url+"orgs/acme/teams?per_page=2", nil)
	req.Header.Set("Authorization", "Bearer "+ex.token)
	resp, err := ex.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if link := resp.Header.Get("Link"); !strings.Contains(link, `page=2&per_page=2>; rel="next"`) ||
		!strings.Contains(link, fmt.Sprintf(`page=%d&per_page=2>; rel="last"`, (len(want)+1)/2)) {
		t.Errorf("Link %q", link)
	}
}

func TestTeamsNeedMembersAndTheOrganisation(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	for _, path := range []string{"orgs/acme-labs/teams", "orgs/nobody/teams", "orgs/acme/teams/no-such-team", "orgs/acme/teams/no-such-team/repos"} {
		if got := ex.status(t, path); got != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, got)
		}
	}
	if err := ex.srv.SetPermission(11001, "members", ""); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"orgs/acme/teams", "orgs/acme/teams/platform", "orgs/acme/teams/platform/repos"} {
		if got := ex.status(t, path); got != http.StatusForbidden {
			t.Errorf("%s without members: %d, want 403", path, got)
		}
	}
}

// inheritedRepos is the fixture's answer: the team's grants, with its
// ancestors' when inherited, that the installation selects, by ID.
func inheritedRepos(f *Fixture, tm *Team, inherited bool, visible func(string) bool) []string {
	ids := map[string]int64{}
	for _, r := range f.Repositories {
		ids[r.FullName] = r.ID
	}
	var out []string
	for x := tm; x != nil; x = fixtureTeam(f, x.Org, x.Parent) {
		for _, name := range x.Repositories {
			if visible(name) && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		if !inherited {
			break
		}
	}
	slices.SortFunc(out, func(a, b string) int { return int(ids[a] - ids[b]) })
	return out
}

func TestTeamReposOwnOrInherited(t *testing.T) {
	f := exampleFixture(t)
	for _, inherited := range []bool{false, true} {
		for _, inst := range []int64{11001, 11002} {
			ex := serveExampleOrg(t, Options{TeamReposInherited: inherited}, inst)
			var selected []string
			for _, i := range f.Installations {
				if i.ID == inst {
					selected = i.Repositories
				}
			}
			visible := func(name string) bool { return inst == 11001 || slices.Contains(selected, name) }
			for _, tm := range f.Teams {
				if (inst == 11001) != (tm.Org == "acme") {
					continue
				}
				got := values(ex.restList(t, "orgs/"+tm.Org+"/teams/"+tm.Slug+"/repos", ""), "full_name")
				want := inheritedRepos(f, &tm, inherited, visible)
				if !slices.Equal(got, want) && len(got)+len(want) > 0 {
					t.Errorf("inherited %v: %s/%s repos %v, want %v", inherited, tm.Org, tm.Slug, got, want)
				}
			}
		}
	}
}

func TestTeamFullCountsDescendantMembers(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	f := exampleFixture(t)
	for _, tm := range f.Teams {
		if tm.Org != "acme" {
			continue
		}
		members := map[string]bool{}
		var walk func(string)
		walk = func(slug string) {
			for _, x := range f.Teams {
				if x.Org == "acme" && x.Slug == slug {
					for _, m := range x.Members {
						members[m] = true
					}
				}
				if x.Org == "acme" && x.Parent == slug {
					walk(x.Slug)
				}
			}
		}
		walk(tm.Slug)
		var got map[string]any
		ex.rest(t, "GET", "orgs/acme/teams/"+tm.Slug, ex.token, &got)
		if fmt.Sprint(got["members_count"]) != fmt.Sprint(len(members)) {
			t.Errorf("%s: members_count %v, want %d", tm.Slug, got["members_count"], len(members))
		}
		if fmt.Sprint(got["repos_count"]) != fmt.Sprint(len(tm.Repositories)) {
			t.Errorf("%s: repos_count %v, want %d", tm.Slug, got["repos_count"], len(tm.Repositories))
		}
	}
}

func TestRepositoriesListTheirTopics(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	f := exampleFixture(t)
	for _, r := range ex.restList(t, "installation/repositories", "repositories") {
		topics, ok := r["topics"].([]any)
		if !ok {
			t.Fatalf("%s: topics %v, want an array", r["full_name"], r["topics"])
		}
		for _, fr := range f.Repositories {
			if fr.FullName == r["full_name"] && fmt.Sprint(topics) != fmt.Sprint(fr.Topics) && len(topics)+len(fr.Topics) > 0 {
				t.Errorf("%s: topics %v, want %v", fr.FullName, topics, fr.Topics)
			}
		}
	}
}
