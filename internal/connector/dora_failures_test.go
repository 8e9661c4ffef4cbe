package connector

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// A DORA read that GitHub refuses fails, naming the repository and the
// endpoint (REST) or query (GraphQL), never a shorter list: the example
// organisation with acme's installation lacking one permission.
func TestDORAReadFailureNamesRepositoryAndEndpoint(t *testing.T) {
	for _, tc := range []struct {
		lacking, api string
		want         []string
	}{
		{"pull_requests", APIREST, []string{"reading acme/api (GET /repos/{owner}/{repo}/pulls)", "GET /repos/acme/api/pulls", "403"}},
		{"issues", APIREST, []string{"reading acme/api (GET /repos/{owner}/{repo}/issues)", "GET /repos/acme/api/issues", "403"}},
		{"pull_requests", APIGraphQL, []string{"reading pull requests", "GraphQL query RepositoryPullRequests for acme/api"}},
		// The labels or the issues query, whichever GitHub refuses.
		{"issues", APIGraphQL, []string{"reading incident issues", "GraphQL query Repository", " for acme/api: GitHub answered"}},
	} {
		t.Run(tc.api+" without "+tc.lacking, func(t *testing.T) {
			f, err := sandbox.LoadFixture(filepath.Join(sandbox.ExampleOrgDir(), "fixture.json"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range f.Installations {
				if f.Installations[i].ID == 11001 {
					delete(f.Installations[i].Permissions, tc.lacking)
				}
			}
			gh := fixtureGitHub(t, sandbox.ServeTest(t, f, sandbox.Options{}), tc.api)
			api := exampleRepository(t, gh, 11001, "acme/api")
			q := DORAQuery{Since: exampleSince, Until: exampleUntil}
			if tc.lacking == "issues" {
				q.IncidentLabels = []string{"incident"}
			}
			_, err = CollectDORA(context.Background(), gh, []ghclient.Repository{api}, Settings{}, q)
			if err == nil {
				t.Fatal("the read succeeded without the permission")
			}
			if tc.api == APIGraphQL && tc.lacking == "issues" && strings.Contains(err.Error(), "does not serve Repository.labels") {
				skipUntilTheSandboxServesLabels(t, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// exampleRepository is one repository as its installation lists it, for
// reads that skip verification.
func exampleRepository(t *testing.T, gh GitHub, installationID int64, fullName string) ghclient.Repository {
	t.Helper()
	insts, err := gh.Client.Installations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range insts {
		if inst.ID != installationID {
			continue
		}
		repos, err := gh.Client.InstallationRepositories(context.Background(), inst)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range repos {
			if r.FullName == fullName {
				return r
			}
		}
	}
	t.Fatalf("%s not listed by installation %d", fullName, installationID)
	return ghclient.Repository{}
}

// When the budget runs out in the middle of the DORA read (deployments,
// pull requests and issues at once), the error is the rate limit on the
// request that met it, not the cancellation of the reads it stopped.
func TestDORABudgetRunningOutNamesTheLimitNotACancellation(t *testing.T) {
	for _, api := range []string{APIREST, APIGraphQL} {
		for run := 0; run < 3; run++ {
			gh, srv := exampleGitHub(t, 1001, "app.pem")
			gh.API = api
			s := Settings{ProductionEnvironments: []string{"production"}}
			v, err := Verify(context.Background(), gh, s)
			if err != nil {
				t.Fatal(err)
			}
			// Verification spent ~20 REST requests of installation 11001's
			// budget (and a GraphQL query of each installation's); a few
			// more leave one spent halfway through the read.
			srv.SetFaults(sandbox.Faults{PrimaryLimitAfter: 60, GraphQLPrimaryLimitAfter: 4, PrimaryResetAfter: time.Hour})
			q := DORAQuery{Since: exampleSince, Until: exampleUntil, IncidentLabels: []string{"incident"}}
			if api == APIGraphQL {
				q.IncidentLabels = nil // until the sandbox serves Repository.labels: deployments and changes at once
			}
			_, err = CollectDORA(context.Background(), gh, v.Repositories, s, q)
			var rl *ghclient.RateLimitWaitError
			if !errors.As(err, &rl) {
				t.Fatalf("%s: want the rate limit, got %T %v", api, err, err)
			}
			msg := err.Error()
			if strings.Contains(msg, "context canceled") || !strings.Contains(msg, "rate limit exhausted for installation 1100") || !strings.Contains(msg, "resets at") {
				t.Errorf("%s: error %q must be the rate limit that stopped the read, with its reset", api, msg)
			}
		}
	}
}
