package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// env is one expected dxgh_environments entry.
type env struct {
	name       string
	production bool
	repos      []string
}

func envChecks(envs []env) knownvalue.Check {
	checks := make([]knownvalue.Check, len(envs))
	for i, e := range envs {
		repos := make([]knownvalue.Check, len(e.repos))
		for j, r := range e.repos {
			repos[j] = knownvalue.StringExact(r)
		}
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":         knownvalue.StringExact(e.name),
			"production":   knownvalue.Bool(e.production),
			"repositories": knownvalue.SetExact(repos),
		})
	}
	return knownvalue.ListExact(checks)
}

func customerEnvironments() []env {
	var out []env
	for i := 1; i <= 36; i++ {
		out = append(out, env{name: fmt.Sprintf("customer-%02d", i), repos: []string{"acme/customer-portal"}})
	}
	return out
}

// The example organisation's environments in the default scope, written by
// hand from fixture.json: spellings merged case-insensitively under the one
// most repositories use; Prod-EU/prod-eu tie 1–1 and byte order picks Prod-EU.
func defaultScopeEnvironmentList(production string) []env {
	return append(customerEnvironments(),
		env{name: "Preview", repos: []string{"acme/web"}},
		env{name: "Prod-EU", repos: []string{"acme/payments", "acme/infra"}},
		env{name: "production", production: production == "production", repos: []string{
			"acme/api", "acme/web", "acme/payments", "acme/mobile-backend", "acme/search", "acme/data-pipeline",
			"acme/infra", "acme/customer-portal", "acme-labs/experiments", "acme-labs/ml-platform"}},
		env{name: "qa", repos: []string{"acme/api", "acme/mobile-backend", "acme/search", "acme-labs/ml-platform"}},
		env{name: "staging", repos: []string{"acme/api", "acme/web", "acme/payments", "acme/search", "acme/data-pipeline",
			"acme/infra", "acme/customer-portal", "acme-labs/experiments"}},
	)
}

func TestAccEnvironments_exampleOrganisation(t *testing.T) {
	ms := exampleInEveryMode(t, sandbox.Options{})
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// Through the connection's settings object, as users write it;
			// "Production" matches the merged production case-insensitively.
			Config: ms.config(connectionConfig(`production_environments = ["Production"]`) + `
data "dxgh_environments" "all" {
  import_settings = dxgh_connection.test.import_settings
}`),
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return []statecheck.StateCheck{
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.all"), tfjsonpath.New("environments"), envChecks(defaultScopeEnvironmentList("production"))),
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.all"), tfjsonpath.New("names"), knownvalue.SetSizeExact(36+5)),
				}
			}),
			Check: ms.usedTheirAPIs(),
		}},
	})
}

func TestAccEnvironments_settingsChangeTheResult(t *testing.T) {
	ms := exampleInEveryMode(t, sandbox.Options{})
	allRepos := func(extra ...string) []string {
		return append([]string{"acme/api", "acme/web", "acme/payments", "acme/mobile-backend", "acme/search", "acme/data-pipeline",
			"acme/infra", "acme/customer-portal", "acme-labs/experiments", "acme-labs/ml-platform"}, extra...)
	}
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// Ignoring acme/web (spelled differently) removes Preview, its only user.
			Config: ms.config(`
data "dxgh_environments" "x" {
  import_settings = { ignored_repositories = ["Acme/Web"] }
}`),
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return []statecheck.StateCheck{
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.x"), tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("production")})),
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.x"), tfjsonpath.New("environments").AtSliceIndex(36),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Prod-EU")})),
				}
			}),
		}, {
			// Everything in: docs, legacy-billing, old-website,
			// terraform-aws-modules and open-sdk join; "preview" now
			// outnumbers "Preview" two to one.
			Config: ms.config(`
data "dxgh_environments" "x" {
  import_settings = {
    import_archived         = true
    import_public           = true
    import_forked           = true
    production_environments = ["production"]
  }
}`),
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return []statecheck.StateCheck{
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.x"), tfjsonpath.New("environments"), envChecks(append(customerEnvironments(),
						env{name: "preview", repos: []string{"acme/web", "acme/docs", "acme/open-sdk"}},
						env{name: "Prod-EU", repos: []string{"acme/payments", "acme/infra"}},
						env{name: "production", production: true, repos: allRepos("acme/docs", "acme/legacy-billing", "acme/old-website", "acme/terraform-aws-modules", "acme/open-sdk")},
						env{name: "qa", repos: []string{"acme/api", "acme/mobile-backend", "acme/search", "acme-labs/ml-platform"}},
						env{name: "staging", repos: []string{"acme/api", "acme/web", "acme/payments", "acme/search", "acme/data-pipeline",
							"acme/infra", "acme/customer-portal", "acme-labs/experiments", "acme/legacy-billing"}},
					))),
				}
			}),
		}},
	})
}

func TestAccEnvironments_moreThanThirtyInOneRepository(t *testing.T) {
	ms := exampleInEveryMode(t, sandbox.Options{})
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: ms.config(`
data "dxgh_environments" "portal" {
  repositories = ["acme/customer-portal"]
}`),
			// 36 customers + production + staging: more than GitHub's default page of 30.
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return []statecheck.StateCheck{
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.portal"), tfjsonpath.New("names"), knownvalue.SetSizeExact(38)),
					statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.portal"), tfjsonpath.New("environments").AtSliceIndex(35),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("customer-36")})),
				}
			}),
		}},
	})
}

func TestAccEnvironments_failures(t *testing.T) {
	ms := exampleInEveryMode(t, sandbox.Options{})
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// Asking for an archived repository without import_archived is
			// an error on repositories, not a silently shorter list.
			Config: ms.config(`
data "dxgh_environments" "x" {
  repositories = ["acme/legacy-billing"]
}`),
			ExpectError: ms.errorInEveryMode(`acme/legacy-billing is excluded by the import settings: archived`),
		}, {
			// Without actions: read, environments cannot be listed.
			PreConfig:   func() { ms.setPermission(t, installationAcme, "actions", "") },
			Config:      ms.config(`data "dxgh_environments" "x" {}`),
			ExpectError: ms.errorInEveryMode(`invalid_permissions: (.|\n)*installation 11001 on organization "acme" lacks read(.|\n)*access to actions`),
		}},
	})
}
