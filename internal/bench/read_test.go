package bench

import (
	"context"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The benchmark's read is one `terraform plan` through the provider's own
// protocol server. On the small organisation, in CI, it must find every
// production deployment in the window and make exactly the lower bound's
// requests, route by route: the request discipline of the whole provider
// (connection, both data sources, one shared client), not just of the
// connector underneath.
func TestReadThroughTheProviderMakesExactlyTheBound(t *testing.T) {
	modes := map[string][]string{"environment=production": {"production"}, "flag fallback": nil}
	for name, prod := range modes {
		t.Run(name, func(t *testing.T) {
			f, key, err := generate(Size{Name: "small", Repos: 10, DeploymentsPerRepo: 50}, 1)
			if err != nil {
				t.Fatal(err)
			}
			settings := connector.Settings{ProductionEnvironments: prod}
			bound := LowerBound(f, 1, settings, since, rangeEnd)
			srv := sandbox.ServeTest(t, f, sandbox.Options{})

			cfg := Config{MaxConcurrency: 8, ProductionEnvironments: prod, IncludeDeployments: true}
			sum, err := read(context.Background(), srv.URL(), key, settings, cfg, newMeter(8), &Phases{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.TotalCount != bound.InWindow || sum.Listed != bound.InWindow {
				t.Errorf("total_count %d and %d listed; the organisation has %d production deployments in the window",
					sum.TotalCount, sum.Listed, bound.InWindow)
			}
			got := srv.Counts()
			want := map[string]int{
				"GET /app/installations":                                         bound.Installations,
				"POST /app/installations/{installation_id}/access_tokens":        bound.Tokens,
				"GET /installation/repositories":                                 bound.RepositoryPages,
				"GET /repos/{owner}/{repo}/environments":                         bound.EnvironmentPages,
				"GET /repos/{owner}/{repo}/deployments":                          bound.DeploymentPages,
				"GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": bound.StatusPages,
				"total": bound.Total(),
			}
			for route, n := range want {
				if got[route] != n {
					t.Errorf("%s: %d requests, the bound is %d", route, got[route], n)
				}
			}
			if len(got) != len(want) {
				t.Errorf("requests by route %v; want only %v", got, want)
			}
		})
	}
}
