package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// What the import docs say: any name is accepted, since the connection
// lives in configuration and nothing on GitHub's side is looked up; the name
// and ID are the import ID's, the import verifies (repository_count is
// known), and the next apply sets the configuration's name in place while
// the ID stays.
func TestAccConnection_importAcceptsAnyName(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood)) + connectionConfig("")
	const importedName = "any name: nothing on GitHub is called this"
	importID := fmt.Sprintf("%d:%s", appGood, importedName)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:             cfg,
			ResourceName:       "dxgh_connection.test",
			ImportState:        true,
			ImportStateId:      importID,
			ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d resources, want 1", len(states))
				}
				a := states[0].Attributes
				if a["name"] != importedName || a["id"] != importID || a["repository_count"] != fmt.Sprint(defaultScopeRepositories) {
					return fmt.Errorf("imported name %q, id %q, repository_count %q; want %q, %q, %d",
						a["name"], a["id"], a["repository_count"], importedName, importID, defaultScopeRepositories)
				}
				// Verified with the default settings: nothing named, nothing unmatched.
				if a["unmatched_production_environments.#"] != "0" || a["unmatched_ignored_repositories.#"] != "0" {
					return fmt.Errorf("imported unmatched_production_environments.# %q, unmatched_ignored_repositories.# %q; want 0 and 0",
						a["unmatched_production_environments.#"], a["unmatched_ignored_repositories.#"])
				}
				return nil
			},
		}, {
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("dxgh_connection.test", plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("name"), knownvalue.StringExact(exampleOrgAppName)),
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("id"), knownvalue.StringExact(importID)),
			},
		}},
	})
}
