package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// strictExample is the connection docs' example of making unmatched names
// fatal, as written.
func strictExample(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "dxgh_connection", "strict.tf"))
	if err != nil {
		t.Fatal(err)
	}
	ex := string(raw)
	for _, s := range []string{`"prod-eu"`, `"acme/sandbox"`, "self.unmatched_production_environments", "self.unmatched_ignored_repositories", `check "connection_settings_match"`} {
		if !strings.Contains(ex, s) {
			t.Fatalf("strict.tf no longer has %s; update this test", s)
		}
	}
	return ex
}

// The unmatched names are known at plan, so the documented postconditions
// fail the plan on a typo in either setting and pass without one; refresh
// keeps them.
func TestAccConnection_unmatchedNamesFailThePostconditions(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	example := strictExample(t)
	const address = "dxgh_connection.strict"
	unmatchedProduction := tfjsonpath.New("unmatched_production_environments")
	unmatchedIgnored := tfjsonpath.New("unmatched_ignored_repositories")
	typo := func(from, to string) string { return cfg + strings.Replace(example, from, to, 1) }
	none := knownvalue.SetSizeExact(0)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// Without the conditions: the names, known at plan; "Prod-EU"
			// and "ACME/web" match case-insensitively.
			Config: cfg + connectionConfig(`production_environments = ["Prod-EU", "prodution"]
  ignored_repositories = ["ACME/web", "acme/websight"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedProduction, knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("prodution")})),
				plancheck.ExpectKnownValue("dxgh_connection.test", unmatchedIgnored, knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("acme/websight")})),
			}},
		}, {
			Config:      typo(`"prod-eu"`, `"prod-euu"`),
			ExpectError: regexpMust(`(?s)Resource postcondition failed.*production_environments that match no environment:\s+prod-euu\.`),
		}, {
			Config:      typo(`"acme/sandbox"`, `"acme/sandbx"`),
			ExpectError: regexpMust(`(?s)Resource postcondition failed.*ignored_repositories that match no repository:\s+acme/sandbx\.`),
		}, {
			Config: cfg + example,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(address, unmatchedProduction, none),
				plancheck.ExpectKnownValue(address, unmatchedIgnored, none),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, unmatchedProduction, none),
				statecheck.ExpectKnownValue(address, unmatchedIgnored, none),
			},
		}, {
			// Refresh re-verifies: still empty, and no change planned.
			RefreshState: true,
		}},
	})
}

// The documented check block reports a typo as a warning on plan.
func TestAccConnection_unmatchedNamesCheckWarns(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	example := strings.Replace(strictExample(t), `"prod-eu"`, `"prod-euu"`, 1)
	// The postconditions would fail the plan: keep the check only.
	example = strings.Replace(example, "self.unmatched_production_environments) == 0", "self.unmatched_production_environments) >= 0", 1)
	warnings := planWarnings(t, srv, planTerraformBlock+"\nprovider \"dxgh\" {}\n"+example)
	var found bool
	for _, w := range warnings {
		if w.Diagnostic.Summary == "Check block assertion failed" &&
			strings.Contains(w.Diagnostic.Detail, "production_environments that match no environment: prod-euu.") {
			found = true
		}
	}
	if !found {
		t.Errorf("no check warning about prod-euu: %+v", warnings)
	}
}
