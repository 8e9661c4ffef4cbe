package connector

import (
	"context"
	"maps"
	"testing"
	"time"
)

// Routes as the sandbox counts them.
const (
	routeInstallations = "GET /app/installations"
	routeToken         = "POST /app/installations/{installation_id}/access_tokens"
	routeRepositories  = "GET /installation/repositories"
	routeEnvironments  = "GET /repos/{owner}/{repo}/environments"
	routeDeployments   = "GET /repos/{owner}/{repo}/deployments"
	routeStatuses      = "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses"
)

// The request discipline of one run, exactly, on the example organisation:
// a regression that repeats, widens or forgets to stop a request fails here.
// Every expected number is derived in its comment from fixture.json (by
// hand and with a throwaway script, never from this code).
func TestRequestCountsForOneRun(t *testing.T) {
	gh, srv := exampleGitHub(t, 1001, "app.pem")
	ctx := context.Background()
	since := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	named := Settings{ProductionEnvironments: []string{"production"}}
	step := func(name string, want map[string]int, run func() error) {
		t.Helper()
		srv.ResetCounts()
		if err := run(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := srv.Counts()
		delete(got, "total")
		if want == nil {
			want = map[string]int{}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: requests by route\n got  %v\n want %v", name, got, want)
		}
	}

	step("verify", map[string]int{
		routeInstallations: 1,  // app 1001's 2 installations fit one page
		routeToken:         2,  // one token per installation, reused after
		routeRepositories:  2,  // acme's 14 and acme-labs' 2 selected: one page each
		routeEnvironments:  11, // 11 repositories in scope, none with more than 100 (customer-portal: 38)
	}, func() error { _, err := Verify(ctx, gh, named); return err })

	step("verify again: all shared", nil, func() error { _, err := Verify(ctx, gh, named); return err })

	var sc *Scope
	step("environments read after verify: shared", nil, func() error {
		var err error
		if sc, err = ResolveScope(ctx, gh, named); err != nil {
			return err
		}
		_, err = DiscoverEnvironments(ctx, gh, sc.Repositories)
		return err
	})

	step("deployments, production named", map[string]int{
		// 10 repositories spell production (lower or upper case) in their
		// environment list; acme/sandbox has none, so it is not asked. Each
		// one's production deployments from since back to the first older
		// one fit a page.
		routeDeployments: 10,
		// 83 production deployments in the window, one page of statuses
		// each, and acme/search's 2600000486 has 130: a second page.
		routeStatuses: 84,
	}, func() error { _, err := CollectDeployments(ctx, gh, sc.Repositories, named, since, until); return err })

	step("deployments, production flag", map[string]int{
		// Every deployment of all 11 repositories, newest first, stopping
		// at the first page reaching before since: one page each.
		routeDeployments: 11,
		// 87 flagged deployments in the window; 80 had their statuses read
		// above, 7 are new (flag true off a production-named environment).
		routeStatuses: 7,
	}, func() error {
		_, err := CollectDeployments(ctx, gh, sc.Repositories, Settings{}, since, until)
		return err
	})

	step("the same read again: shared", nil, func() error {
		_, err := CollectDeployments(ctx, gh, sc.Repositories, named, since, until)
		return err
	})
}
