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

// The request discipline of one Terraform run, exactly, on the example
// organisation: a regression that repeats, widens or forgets to stop a
// request fails here. Every expected number is derived in its comment from
// testdata/example-org/fixture.json (by hand and with a throwaway script
// that pages newest-first lists itself), never from this code. The
// benchmark (internal/bench) measures the same discipline at scale.
func TestRequestCountsForOneRun(t *testing.T) {
	gh, srv := exampleGitHub(t, 1001, "app.pem")
	ctx := context.Background()
	// The 30-day window of the examples, ending at the organisation's end.
	since := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	named := Settings{ProductionEnvironments: []string{"production"}}
	flag := Settings{}
	step := func(name string, want map[string]int, run func() error) {
		t.Helper()
		srv.ResetCounts()
		if err := run(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := srv.Counts()
		delete(got, "total")
		if want == nil {
			want = map[string]int{} // nothing at all: every answer is shared
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: requests by route\n got  %v\n want %v", name, got, want)
		}
	}

	// dxgh_connection.
	var v *Verification
	step("verify", map[string]int{
		routeInstallations: 1,  // app 1001's 2 installations (acme, acme-labs) fit one page
		routeToken:         2,  // one token per installation, reused for the rest of the run
		routeRepositories:  2,  // acme's 14 (selection "all") and acme-labs' 2 selected: one page each
		routeEnvironments:  11, // 11 repositories in scope (9 of acme's 14, both of acme-labs'), none with more than 100 environments (the most: customer-portal's 38)
	}, func() (err error) { v, err = Verify(ctx, gh, named); return err })

	step("verify again", nil, func() error { _, err := Verify(ctx, gh, named); return err })

	// dxgh_environments: the environment lists verification read.
	step("environments", nil, func() error { _, err := DiscoverEnvironments(ctx, gh, v.Repositories); return err })

	// dxgh_deployments, production_environments = ["production"].
	step("deployments, production named", map[string]int{
		// 10 of the 11 repositories spell production in their environment
		// list, each in one case only ("production" or "Production");
		// acme/sandbox has no environments, so it is not asked. Each one's
		// deployments in the window plus the first older one fit a page.
		routeDeployments: 10,
		// 83 production deployments in [since, until), one page of
		// statuses each, and acme/search's 2600000486 has 130: a second
		// page. The one created exactly at until is not looked up.
		routeStatuses: 84,
	}, func() error { _, err := CollectDeployments(ctx, gh, v.Repositories, named, since, until); return err })

	step("deployments, production named, again", nil, func() error {
		_, err := CollectDeployments(ctx, gh, v.Repositories, named, since, until)
		return err
	})

	// dxgh_deployments with the production_environment flag.
	step("deployments, production flag", map[string]int{
		// Every deployment of all 11 repositories (no environment filter),
		// newest first, stopping at the first page that reaches before
		// since: one page each, acme/sandbox's empty one included.
		routeDeployments: 11,
		// 87 flagged deployments in the window: 80 had their statuses read
		// above (the 83 named ones but payments' 3 unflagged production
		// ones); 7 are new (payments: 3 flagged on staging, 3 on prod-eu;
		// customer-portal: 1 on customer-07), one page each.
		routeStatuses: 7,
	}, func() error { _, err := CollectDeployments(ctx, gh, v.Repositories, flag, since, until); return err })

	step("deployments, production flag, again", nil, func() error {
		_, err := CollectDeployments(ctx, gh, v.Repositories, flag, since, until)
		return err
	})
}
