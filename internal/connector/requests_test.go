package connector

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
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
		requests(t, srv, name, want, run)
	}

	// dxgh_connection.
	var v *Verification
	step("verify", map[string]int{
		routeInstallations: 1,  // app 1001's 2 installations (acme, acme-labs) fit one page
		routeToken:         4,  // per installation, a metadata token (repositories) and an actions token (environments), reused for the rest of the run
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
		// A deployments token for each installation.
		routeToken: 2,
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

// Early stop, which no repository of the example organisation is busy
// enough to show: one repository with 250 production and 250 staging
// deployments, an hour apart each, and a five-day window. Paging must stop
// at the first page that reaches before since, in both modes.
func TestDeploymentPagingStopsAtSince(t *testing.T) {
	until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	since := until.Add(-120 * time.Hour)
	repo := sandbox.Repository{ID: 1, FullName: "o/busy", Visibility: "private", DefaultBranch: "main",
		Environments: []sandbox.Environment{{ID: 1, Name: "production"}, {ID: 2, Name: "staging"}}}
	for k := 1; k <= 250; k++ {
		for i, env := range []string{"production", "staging"} {
			at := until.Add(-time.Duration(k)*time.Hour - time.Duration(i)*30*time.Minute)
			id := int64(2*k + i)
			repo.Deployments = append(repo.Deployments, sandbox.Deployment{ID: id, SHA: "abc", Ref: "main", Task: "deploy",
				Environment: env, ProductionEnvironment: env == "production", Creator: "bot", CreatedAt: at,
				Statuses: []sandbox.Status{{ID: id, State: "success", Creator: "bot", CreatedAt: at.Add(time.Minute)}}})
		}
	}
	pub, err := os.ReadFile(filepath.Join(exampleOrg, "app.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	srv := sandbox.ServeTest(t, &sandbox.Fixture{
		Apps: []sandbox.App{{ID: 1001, Slug: "busy", Name: "Busy", PublicKeyPEM: string(pub)}},
		Installations: []sandbox.Installation{{ID: 1, AppID: 1001, Account: sandbox.Account{ID: 1, Login: "o", Type: "Organization"},
			RepositorySelection: "all", Permissions: maps.Clone(orggen.RequiredPermissions)}},
		Repositories: []sandbox.Repository{repo},
	}, sandbox.Options{})
	url := srv.URL()
	pk := exampleAppKey(t)
	client, err := ghclient.New(ghclient.Config{AppID: 1001, PrivateKey: pk, BaseURL: url, MaxConcurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	gh := GitHub{Client: client, AppID: 1001, BaseURL: url, Concurrency: 4}
	ctx := context.Background()
	var v *Verification
	named := Settings{ProductionEnvironments: []string{"production"}}
	collect := func(s Settings) func() error {
		return func() error {
			found, err := CollectDeployments(ctx, gh, v.Repositories, s, since, until)
			if err == nil && len(found) != 120 {
				t.Errorf("%d production deployments in the window, want 120", len(found))
			}
			return err
		}
	}

	requests(t, srv, "verify", map[string]int{routeInstallations: 1, routeToken: 2, routeRepositories: 1, routeEnvironments: 1},
		func() (err error) { v, err = Verify(ctx, gh, named); return err })
	// environment=production, newest first: the deployments 1 to 120 hours
	// before until are in the window (120 hours back is since itself), so
	// the 121st is the first older one: page 2 of 3. 120 in the window,
	// one status page each.
	requests(t, srv, "production named", map[string]int{routeToken: 1, routeDeployments: 2, routeStatuses: 120}, collect(named))
	// Unfiltered, the two environments interleave: 120 production and 119
	// staging deployments (the 120th is half an hour before since) in the
	// window, so the 240th is the first older one: page 3 of 5. The flagged
	// ones are the 120 production deployments, their statuses read above.
	requests(t, srv, "production flag", map[string]int{routeDeployments: 3}, collect(Settings{}))
}

// requests runs one read and checks the requests it made, by route; nil
// wants none at all.
func requests(t *testing.T, srv *sandbox.Server, name string, want map[string]int, run func() error) {
	t.Helper()
	srv.ResetCounts()
	if err := run(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := srv.Counts()
	delete(got, "total")
	if want == nil {
		want = map[string]int{} // every answer shared
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: requests by route\n got  %v\n want %v", name, got, want)
	}
}
