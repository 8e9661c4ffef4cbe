package connector

import (
	"reflect"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

func ghTeam(slug, parent string, repos ...string) ghclient.Team {
	t := ghclient.Team{Slug: slug, Name: slug, Privacy: "closed", Repositories: repos}
	if parent != "" {
		t.Parent = &struct {
			Slug string `json:"slug"`
		}{parent}
	}
	return t
}

func reposNamed(names ...string) []ghclient.Repository {
	out := make([]ghclient.Repository, len(names))
	for i, n := range names {
		out[i] = ghclient.Repository{FullName: n}
	}
	return out
}

// A team's repositories are its own and its ancestors', once each, those in
// scope only, spelled and ordered as the scope has them, whether GitHub's
// list for a child already includes what it inherits or not.
func TestResolveTeamsUnitesAncestorsWithinScope(t *testing.T) {
	scope := reposNamed("acme/API", "acme/payments", "acme/web") // as the scope sorts them
	for _, tc := range []struct {
		name  string
		teams []ghclient.Team
		want  map[string][]string
	}{
		{"a child with no grant of its own inherits", []ghclient.Team{
			ghTeam("eng", "", "acme/web"), ghTeam("platform", "eng"), ghTeam("sre", "platform", "acme/api"),
		}, map[string][]string{"eng": {"acme/web"}, "platform": {"acme/web"}, "sre": {"acme/API", "acme/web"}}},
		{"GitHub's list already inherited: the same", []ghclient.Team{
			ghTeam("eng", "", "acme/web"), ghTeam("platform", "eng", "acme/web"), ghTeam("sre", "platform", "acme/web", "acme/api"),
		}, map[string][]string{"eng": {"acme/web"}, "platform": {"acme/web"}, "sre": {"acme/API", "acme/web"}}},
		{"out-of-scope grants left out", []ghclient.Team{
			ghTeam("data", "", "acme/archived-etl", "acme/payments", "other/fork"), ghTeam("nothing", "", "acme/old"),
		}, map[string][]string{"data": {"acme/payments"}, "nothing": {}}},
		{"a parent not listed (secret, unseen) ends the walk", []ghclient.Team{
			ghTeam("child", "hidden", "acme/web"),
		}, map[string][]string{"child": {"acme/web"}}},
		{"a cycle ends", []ghclient.Team{
			ghTeam("a", "b", "acme/web"), ghTeam("b", "a", "acme/payments"),
		}, map[string][]string{"a": {"acme/payments", "acme/web"}, "b": {"acme/payments", "acme/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string][]string{}
			for _, team := range resolveTeams("acme", tc.teams, scope) {
				got[team.Slug] = team.Repositories
				if team.Organization != "acme" {
					t.Errorf("%s: organisation %q", team.Slug, team.Organization)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// Groups hold the read's repositories by team or topic: a repository in
// two groups is in both, one in none is ungrouped, a team with none of the
// read's repositories is no group, and one slug in two organisations is one
// group.
func TestGroups(t *testing.T) {
	read := []ghclient.Repository{
		{FullName: "acme/api", Topics: []string{"backend", "payments"}},
		{FullName: "acme/web", Topics: []string{"frontend"}},
		{FullName: "acme/docs"},
		{FullName: "labs/ml", Topics: []string{"backend", "backend"}},
	}
	teams := []Team{
		{Organization: "acme", Slug: "platform", Repositories: []string{"acme/api", "acme/web"}},
		{Organization: "acme", Slug: "payments", Repositories: []string{"ACME/API", "acme/not-read"}},
		{Organization: "labs", Slug: "platform", Repositories: []string{"labs/ml"}},
		{Organization: "acme", Slug: "empty", Repositories: []string{"acme/not-read"}},
	}
	byTeam := TeamGroups(teams, read)
	wantTeam := Groups{Members: map[string][]string{"platform": {"acme/api", "acme/web", "labs/ml"}, "payments": {"acme/api"}}, Ungrouped: []string{"acme/docs"}}
	if !reflect.DeepEqual(byTeam, wantTeam) {
		t.Errorf("by team: %+v\nwant %+v", byTeam, wantTeam)
	}
	byTopic := TopicGroups(read)
	wantTopic := Groups{Members: map[string][]string{"backend": {"acme/api", "labs/ml"}, "payments": {"acme/api"}, "frontend": {"acme/web"}}, Ungrouped: []string{"acme/docs"}}
	if !reflect.DeepEqual(byTopic, wantTopic) {
		t.Errorf("by topic: %+v\nwant %+v", byTopic, wantTopic)
	}
}
