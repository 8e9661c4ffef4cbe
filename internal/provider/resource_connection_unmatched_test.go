package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The postcondition the connection's docs show: it makes a mistyped
// production environment or ignored repository fail the plan instead of
// only warning.
const unmatchedPostcondition = `
  lifecycle {
    postcondition {
      condition     = length(self.unmatched_production_environments) == 0 && length(self.unmatched_ignored_repositories) == 0
      error_message = "Unmatched: ${join(", ", concat(tolist(self.unmatched_production_environments), tolist(self.unmatched_ignored_repositories)))}."
    }
  }`

// The unmatched names are known at plan, so a postcondition fails the
// plan on a typo and passes without one; refresh keeps them.
func TestAccConnection_unmatchedNamesFailAPostcondition(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	unmatchedProduction := tfjsonpath.New("unmatched_production_environments")
	unmatchedIgnored := tfjsonpath.New("unmatched_ignored_repositories")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: cfg + connectionConfig(`production_environments = ["Production", "prodution"]
  ignored_repositories = ["ACME/web", "acme/websight"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedProduction, knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("prodution")})),
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedIgnored, knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("acme/websight")})),
			}},
		}, {
			Config: cfg + connectionConfig(`production_environments = ["Production", "prodution"]
  ignored_repositories = ["ACME/web", "acme/websight"]`+unmatchedPostcondition),
			ExpectError: regexpMust(`(?s)Resource postcondition failed.*Unmatched: prodution, acme/websight\.`),
		}, {
			Config: cfg + connectionConfig(`production_environments = ["Production"]
  ignored_repositories = ["ACME/web"]`+unmatchedPostcondition),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedProduction, knownvalue.SetSizeExact(0)),
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedIgnored, knownvalue.SetSizeExact(0)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", unmatchedProduction, knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue("dxgh_connection.test", unmatchedIgnored, knownvalue.SetSizeExact(0)),
			},
		}, {
			// Refresh re-verifies: still empty, and no change planned.
			RefreshState: true,
		}},
	})
}
