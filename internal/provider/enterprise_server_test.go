package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// enterpriseBaseURL is a GitHub Enterprise Server base_url for a sandbox at
// root, written as users write it: without the trailing slash, which the
// provider must add.
func enterpriseBaseURL(root string) string { return root + "api/v3" }

// enterpriseProviderConfig points the provider at a sandbox that plays
// GitHub Enterprise Server.
func enterpriseProviderConfig(srv *sandbox.Server) string {
	return namedProviderConfig("dxgh", enterpriseBaseURL(srv.URL()), appGood, keyFile(appGood))
}

// pathRecorder serves a sandbox, noting the path of every request: the
// sandbox answers GraphQL at /graphql and /api/graphql alike, so only the
// path shows which one a client used.
type pathRecorder struct {
	srv   *sandbox.Server
	mu    sync.Mutex
	paths map[string]int
}

func (p *pathRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.paths[r.Method+" "+r.URL.Path]++
	p.mu.Unlock()
	p.srv.ServeHTTP(w, r)
}

func (p *pathRecorder) count(methodPath string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paths[methodPath]
}

// checkAllUnderAPIV3 fails unless requests of route reached the sandbox and
// none missed the /api/v3/ prefix (which GHES would answer with a 404).
func checkAllUnderAPIV3(srv *sandbox.Server, route string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		counts := srv.Counts()
		if n := counts[sandbox.CountOutsideAPIV3]; n != 0 {
			return fmt.Errorf("%d requests missed the /api/v3/ prefix", n)
		}
		if counts[route] == 0 {
			return fmt.Errorf("no %s request reached the sandbox (counts %v)", route, counts)
		}
		return nil
	}
}

// Under GitHub Enterprise Server's /api/v3/, the deployments read gives the
// oracle's numbers in every mode, as at github.com's root; GraphQL goes to
// GHES's /api/graphql.
func TestAccDeployments_gitHubEnterpriseServer(t *testing.T) {
	sc := loadOracle(t, "named_prod_30d")
	fixture, err := sandbox.LoadFixture(filepath.Join(exampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	recorders := map[string]*pathRecorder{}
	var ms modeSandboxes
	for _, m := range everyMode {
		srv, err := sandbox.New(fixture, sandbox.Options{EnterpriseServer: true, GraphQLStatusOrder: m.order})
		if err != nil {
			t.Fatal(err)
		}
		rec := &pathRecorder{srv: srv, paths: map[string]int{}}
		front := httptest.NewServer(rec)
		t.Cleanup(front.Close)
		recorders[m.label] = rec
		ms = append(ms, modeSandbox{m, srv, enterpriseBaseURL(front.URL + "/")})
	}
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: ms.config(deploymentsConfig(sc, true)),
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return oracleChecks(sc, true, m.addr(deploymentsData))
			}),
			Check: resource.ComposeTestCheckFunc(ms.usedTheirAPIs(), ms.check(func(m modeSandbox) resource.TestCheckFunc {
				route := "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses"
				if m.api == connector.APIGraphQL {
					route = "POST /graphql"
				}
				return resource.ComposeTestCheckFunc(checkFrequency(sc, m.addr(deploymentsData)), checkAllUnderAPIV3(m.srv, route),
					func(*terraform.State) error {
						if n := recorders[m.label].count("POST /graphql"); n != 0 {
							return fmt.Errorf("%d GraphQL queries went to /graphql, which GHES does not serve; its GraphQL API is /api/graphql", n)
						}
						return nil
					})
			})),
		}},
	})
}
