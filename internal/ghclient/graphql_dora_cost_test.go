package ghclient

import (
	"fmt"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// The DORA reads' queries cost what their comments say, by GitHub's rule
// as the sandbox measures it (DESIGN §3: for each connection, the product
// of the page sizes above it; nodes(ids:) counts like a connection of
// len(ids); ÷ 100, rounded, at least 1). The plan's alternative, first
// commits inside the 100-repository query, is measured too: it is why they
// are read apart.
func TestDORAQueriesCostWhatThePlanSays(t *testing.T) {
	schema, err := gql.Schema()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]any, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("ID_%d", i)
	}
	const since = "2026-10-21T00:00:00Z"
	repoVars := map[string]any{"owner": "o", "name": "r", "after": "c"}
	withCommitsInBatch := `query Costly($ids: [ID!]!) { nodes(ids: $ids) { ... on Repository {
		pullRequests(first: 100, states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}) {
			nodes { mergedAt commits(first: 1) { nodes { commit { committedDate } } } } } } } }`
	cases := []struct {
		name, query      string
		vars             map[string]any
		requests, points int
	}{
		{"RepositoryPullRequests, 100 repositories", RepositoryPullRequests_Operation, map[string]any{"ids": ids}, 1 + 100, 1},
		{"RepositoryPullRequestsPage, with first commits", RepositoryPullRequestsPage_Operation, repoVars, 1 + 100, 1},
		{"PullRequestFirstCommits, 100 pull requests", PullRequestFirstCommits_Operation, map[string]any{"ids": ids}, 1 + 100, 1},
		{"RepositoryLabels, 100 repositories", RepositoryLabels_Operation, map[string]any{"ids": ids}, 1 + 100, 1},
		{"RepositoryLabelsPage", RepositoryLabelsPage_Operation, repoVars, 1, 1},
		{"RepositoryIssues, 100 repositories", RepositoryIssues_Operation,
			map[string]any{"ids": ids, "labels": []any{"incident", "Incident"}, "since": since}, 1 + 100, 1},
		{"RepositoryIssuesPage", RepositoryIssuesPage_Operation,
			map[string]any{"owner": "o", "name": "r", "labels": []any{"incident"}, "since": since, "after": "c"}, 1, 1},
		{"rejected: first commits inside the 100-repository query", withCommitsInBatch, map[string]any{"ids": ids}, 1 + 100 + 100*100, 101},
	}
	for _, tc := range cases {
		req, errs := gql.Prepare(schema, tc.query, "", tc.vars)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.name, errs[0])
		}
		cost := gql.Measure(req.Doc, req.Op, req.Vars)
		if cost.Requests != tc.requests || cost.Points != tc.points {
			t.Errorf("%s: %d requests, %d points; want %d, %d", tc.name, cost.Requests, cost.Points, tc.requests, tc.points)
		}
	}
}
