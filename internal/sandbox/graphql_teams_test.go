package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const exampleTeamsQuery = `query Teams($org: String!, $after: String) {
  organization(login: $org) {
    teams(first: 2, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id databaseId slug name description privacy parentTeam { slug }
        members { totalCount }
        immediate: members(first: 100, membership: IMMEDIATE) { totalCount nodes { login } }
        repositories(first: 1) { totalCount pageInfo { hasNextPage } nodes { nameWithOwner } }
      }
    }
  }
}`

const exampleTeamReposQuery = `query TeamRepos($id: ID!, $after: String) {
  team: node(id: $id) { ... on Team { repositories(first: 1, after: $after) { pageInfo { hasNextPage endCursor } nodes { nameWithOwner repositoryTopics(first: 20) { nodes { topic { name } } } } } } }
}`

// GraphQL's teams are REST's, page by page, in both repository behaviours.
func TestGraphQLTeamsAgreeWithREST(t *testing.T) {
	for _, inherited := range []bool{false, true} {
		for _, inst := range []int64{11001, 11002} {
			ex := serveExampleOrg(t, Options{TeamReposInherited: inherited}, inst)
			org := map[int64]string{11001: "acme", 11002: "acme-labs"}[inst]
			rest := ex.restList(t, "orgs/"+org+"/teams", "")
			teams := ex.connectionPages(t, exampleTeamsQuery, map[string]any{"org": org}, "organization", "teams")
			if got, want := values(teams, "databaseId"), values(rest, "id"); !slices.Equal(got, want) {
				t.Fatalf("teams %v, want REST's %v", got, want)
			}
			for i, g := range teams {
				r := rest[i]
				var full map[string]any
				ex.rest(t, "GET", "orgs/"+org+"/teams/"+r["slug"].(string), ex.token, &full)
				parent, _ := r["parent"].(map[string]any)
				gotParent, _ := g["parentTeam"].(map[string]any)
				privacy := map[string]string{"closed": "VISIBLE", "secret": "SECRET"}[r["privacy"].(string)]
				switch {
				case g["id"] != r["node_id"] || g["slug"] != r["slug"] || g["name"] != r["name"] || g["description"] != r["description"]:
					t.Errorf("team %v, REST %v", g, r)
				case g["privacy"] != privacy:
					t.Errorf("%s: privacy %v, want %s", r["slug"], g["privacy"], privacy)
				case (parent == nil) != (gotParent == nil) || (parent != nil && parent["slug"] != gotParent["slug"]):
					t.Errorf("%s: parentTeam %v, REST parent %v", r["slug"], gotParent, parent)
				case fmt.Sprint(g["members"].(map[string]any)["totalCount"]) != fmt.Sprint(full["members_count"]):
					t.Errorf("%s: members %v, REST members_count %v", r["slug"], g["members"], full["members_count"])
				}
				repos := ex.connectionPages(t, exampleTeamReposQuery, map[string]any{"id": g["id"]}, "team", "repositories")
				want := values(ex.restList(t, "orgs/"+org+"/teams/"+r["slug"].(string)+"/repos", ""), "full_name")
				if got := values(repos, "nameWithOwner"); !slices.Equal(got, want) && len(got)+len(want) > 0 {
					t.Errorf("inherited %v: %s repositories %v, REST %v", inherited, r["slug"], got, want)
				}
			}
		}
	}
}

func TestGraphQLImmediateMembersAreTheTeamsOwn(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	f := exampleFixture(t)
	// nodes(ids:) resolves Team IDs too, in the order asked.
	ids := []string{nodeID("T", f.Teams[1].ID), nodeID("T", f.Teams[0].ID)}
	got := ex.graphql(t, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Team { slug } } }`, map[string]any{"ids": ids})
	if fmt.Sprint(got["nodes"]) != fmt.Sprintf("[map[slug:%s] map[slug:%s]]", f.Teams[1].Slug, f.Teams[0].Slug) {
		t.Errorf("nodes %v", got["nodes"])
	}
	for _, g := range ex.connectionPages(t, exampleTeamsQuery, map[string]any{"org": "acme"}, "organization", "teams") {
		var got []string
		for _, n := range g["immediate"].(map[string]any)["nodes"].([]any) {
			got = append(got, n.(map[string]any)["login"].(string))
		}
		want := slices.Clone(fixtureTeam(f, "acme", g["slug"].(string)).Members)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: immediate members %v, want %v", g["slug"], got, want)
		}
	}
}

func TestGraphQLTeamsNeedMembers(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	if err := ex.srv.SetPermission(11001, "members", ""); err != nil {
		t.Fatal(err)
	}
	r := postGraphQL(t, ex.client, ex.url, "graphql", ex.token, exampleTeamsQuery, map[string]any{"org": "acme"})
	if !strings.Contains(r.raw, `"type":"FORBIDDEN"`) || !strings.Contains(r.raw, "Resource not accessible by integration") {
		t.Errorf("teams without members: %s", r.raw)
	}
	r = postGraphQL(t, ex.client, ex.url, "graphql", ex.token, exampleTeamsQuery, map[string]any{"org": "acme-labs"})
	if !strings.Contains(r.raw, `"type":"NOT_FOUND"`) {
		t.Errorf("another installation's organisation: %s", r.raw)
	}
}
