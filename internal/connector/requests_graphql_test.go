package connector

import (
	"context"
	"testing"
	"time"
)

const (
	routeGraphQL        = "POST /graphql"
	pointsTotal         = "graphql points"
	pointsEnvironments  = "graphql points: RepositoryEnvironments"
	pointsDeployments   = "graphql points: RepositoryDeployments"
	pointsStatuses      = "graphql points: DeploymentStatuses"
	pointsStatusesPage  = "graphql points: DeploymentStatusesPage"
	queriesEnvironments = "graphql queries: RepositoryEnvironments"
	queriesDeployments  = "graphql queries: RepositoryDeployments"
	queriesStatuses     = "graphql queries: DeploymentStatuses"
	queriesStatusesPage = "graphql queries: DeploymentStatusesPage"
)

// TestRequestCountsForOneRun in graphql mode: the same run, its REST
// requests and GraphQL queries and points by operation, exactly. Each number
// is derived in its comment from testdata/example-org/fixture.json and
// GitHub's cost rule (1 + 100 requests for nodes(ids: ≤100) with one
// connection of 100 under it: 1 point a query).
func TestRequestCountsForOneRunGraphQL(t *testing.T) {
	gh, srv := exampleGitHub(t, 1001, "app.pem")
	gh.API = APIGraphQL
	ctx := context.Background()
	since := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	named := Settings{ProductionEnvironments: []string{"production"}}
	step := func(name string, want map[string]int, run func() error) {
		t.Helper()
		requests(t, srv, name, want, run)
	}

	var v *Verification
	step("verify", map[string]int{
		routeInstallations: 1, // as in rest mode
		routeToken:         4, // per installation, a metadata token and an actions token
		routeRepositories:  2, // as in rest mode
		// The 11 repositories in scope, one query per installation (9 of
		// acme's, 2 of acme-labs'); none has more than 100 environments.
		routeGraphQL: 2, queriesEnvironments: 2, pointsEnvironments: 2, pointsTotal: 2,
	}, func() (err error) { v, err = Verify(ctx, gh, named); return err })

	step("verify again", nil, func() error { _, err := Verify(ctx, gh, named); return err })
	step("environments", nil, func() error { _, err := DiscoverEnvironments(ctx, gh, v.Repositories); return err })

	step("deployments, production named", map[string]int{
		routeToken: 2, // a deployments token for each installation
		// One query per installation and spelling set: acme's repositories
		// spell it "production" (api, payments, data-pipeline, infra,
		// customer-portal, docs) or "Production" (web, mobile-backend,
		// search); acme-labs' experiments "production", ml-platform
		// "Production". Each window fits the first page of 100.
		queriesDeployments: 4, pointsDeployments: 4,
		// The 83 production deployments in [since, until): 81 of acme's and
		// 2 of acme-labs', one query per installation; acme/search's
		// 2600000486 has 130 statuses: one page more.
		queriesStatuses: 2, pointsStatuses: 2, queriesStatusesPage: 1, pointsStatusesPage: 1,
		routeGraphQL: 7, pointsTotal: 7,
		// acme/api's 2600000535, 2600000480 and 2600000458 have their two
		// newest statuses in one second, in different states: only REST's
		// status IDs order them, so theirs are read again by REST.
		routeStatuses: 3,
	}, func() error { _, err := CollectDeployments(ctx, gh, v.Repositories, named, since, until); return err })

	step("deployments, production named, again", nil, func() error {
		_, err := CollectDeployments(ctx, gh, v.Repositories, named, since, until)
		return err
	})

	step("deployments, production flag", map[string]int{
		// Only REST has the flag: every deployment of the 11 repositories,
		// one page each, as in rest mode.
		routeDeployments: 11,
		// The 7 flagged deployments whose statuses the named read did not
		// have (payments' 6, customer-portal's 1), all acme's: one query.
		queriesStatuses: 1, pointsStatuses: 1, routeGraphQL: 1, pointsTotal: 1,
	}, func() error {
		_, err := CollectDeployments(ctx, gh, v.Repositories, Settings{}, since, until)
		return err
	})

	step("deployments, production flag, again", nil, func() error {
		_, err := CollectDeployments(ctx, gh, v.Repositories, Settings{}, since, until)
		return err
	})
}
