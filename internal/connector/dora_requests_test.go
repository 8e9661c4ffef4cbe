package connector

import (
	"context"
	"maps"
	"testing"
)

// Routes and operations of the DORA reads, as the sandbox counts them.
const (
	routePulls          = "GET /repos/{owner}/{repo}/pulls"
	routePullCommits    = "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits"
	routeIssues         = "GET /repos/{owner}/{repo}/issues"
	queriesPulls        = "graphql queries: RepositoryPullRequests"
	pointsPulls         = "graphql points: RepositoryPullRequests"
	queriesFirstCommits = "graphql queries: PullRequestFirstCommits"
	pointsFirstCommits  = "graphql points: PullRequestFirstCommits"
	queriesLabels       = "graphql queries: RepositoryLabels"
	pointsLabels        = "graphql points: RepositoryLabels"
	queriesIssues       = "graphql queries: RepositoryIssues"
	pointsIssues        = "graphql points: RepositoryIssues"
)

// The DORA read's requests on the example organisation, exactly, in each
// mode, after dxgh_connection and dxgh_deployments have run (the plan that
// reads both data sources): the deployments and statuses are not read again.
// The read runs twice, without incident labels (the changes) and then with
// "incident" (only the incidents are new). Each number is derived in its
// comment from testdata/example-org/fixture.json (with a throwaway script
// that pages the newest-first lists itself), never from this code.
func TestDORARequestCountsForOneRun(t *testing.T) {
	named := Settings{ProductionEnvironments: []string{"production"}}
	changes := DORAQuery{Since: exampleSince, Until: exampleUntil}
	incidents := DORAQuery{Since: exampleSince, Until: exampleUntil, IncidentLabels: []string{"incident"}}
	for _, tc := range []struct {
		api                string
		changes, incidents map[string]int
	}{
		{APIREST, map[string]int{
			// A pull_requests token per installation.
			routeToken: 2,
			// The 11 repositories in scope: each one's closed pull requests
			// updated since since and the first older one fit a page.
			routePulls: 11,
			// One per pull request merged in [since, until): 135 of acme's,
			// 8 of acme-labs'; per_page=1, so one each (payments' 300-commit
			// one too).
			routePullCommits: 143,
		}, map[string]int{
			// An issues token per installation; one label, one page per
			// repository (none has 100 issues and pull requests labelled
			// incident updated since since).
			routeToken: 2, routeIssues: 11,
		}},
		{APIGraphQL, map[string]int{
			routeToken: 2,
			// One query per installation (9 + 2 repositories); no
			// repository has 100 merged pull requests updated since since.
			queriesPulls: 2, pointsPulls: 2,
			// 135 changes of acme's: two queries (100 + 35); 8 of acme-labs':
			// one.
			queriesFirstCommits: 3, pointsFirstCommits: 3,
			routeGraphQL: 5, pointsTotal: 5,
		}, map[string]int{
			routeToken: 2,
			// The labels of the 11 repositories, one query per installation;
			// then their incident issues, one query per installation, acme's
			// asking for "Incident" and "incident" (web, mobile-backend and
			// search spell it "Incident", the others "incident"), none with
			// a second page.
			queriesLabels: 2, pointsLabels: 2, queriesIssues: 2, pointsIssues: 2,
			routeGraphQL: 4, pointsTotal: 4,
		}},
	} {
		t.Run(tc.api, func(t *testing.T) {
			gh, srv := exampleGitHub(t, 1001, "app.pem")
			gh.API = tc.api
			ctx := context.Background()
			v, err := Verify(ctx, gh, named)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := CollectDeployments(ctx, gh, v.Repositories, named, exampleSince, exampleUntil); err != nil {
				t.Fatal(err)
			}
			dora := func(q DORAQuery) func() error {
				return func() error { _, err := CollectDORA(ctx, gh, v.Repositories, named, q); return err }
			}
			requests(t, srv, "changes", tc.changes, dora(changes))
			requests(t, srv, "changes again", nil, dora(changes))
			// The changes and deployments are remembered: only the incidents are read.
			srv.ResetCounts()
			if err := dora(incidents)(); err != nil {
				skipUntilTheSandboxServesLabels(t, err)
			}
			got := srv.Counts()
			delete(got, "total")
			if !maps.Equal(got, tc.incidents) {
				t.Errorf("incidents: requests by route\n got  %v\n want %v", got, tc.incidents)
			}
			requests(t, srv, "incidents again", nil, dora(incidents))
		})
	}
}

// The other order: dxgh_dora_metrics first, then dxgh_deployments, which
// then reads nothing: one run reads deployments once, whichever asks first.
func TestDeploymentsAfterDORAReadNothing(t *testing.T) {
	named := Settings{ProductionEnvironments: []string{"production"}}
	for _, api := range []string{APIREST, APIGraphQL} {
		for _, s := range []Settings{named, {}} {
			gh, srv := exampleGitHub(t, 1001, "app.pem")
			gh.API = api
			ctx := context.Background()
			v, err := Verify(ctx, gh, named)
			if err != nil {
				t.Fatal(err)
			}
			q := DORAQuery{Since: exampleSince, Until: exampleUntil}
			if _, err := CollectDORA(ctx, gh, v.Repositories, s, q); err != nil {
				t.Fatal(err)
			}
			requests(t, srv, api+" deployments after dora", nil, func() error {
				_, err := CollectDeployments(ctx, gh, v.Repositories, s, exampleSince, exampleUntil)
				return err
			})
		}
	}
}
