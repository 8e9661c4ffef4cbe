package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// enterpriseProviderConfig points the provider at a sandbox that plays
// GitHub Enterprise Server, written as users write a GHES base_url: without
// the trailing slash, which the provider must add.
func enterpriseProviderConfig(srv *sandbox.Server) string {
	return fmt.Sprintf(`
provider "dxgh" {
  app_id           = "%d"
  private_key_file = %q
  base_url         = "%sapi/v3"
}
`, appGood, keyFile(appGood), srv.URL())
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
// oracle's numbers, as at github.com's root.
func TestAccDeployments_gitHubEnterpriseServer(t *testing.T) {
	sc := loadOracle(t, "named_prod_30d")
	srv := startSandbox(t, sandbox.Options{EnterpriseServer: true})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            enterpriseProviderConfig(srv) + deploymentsConfig(sc, true),
			ConfigStateChecks: oracleChecks(sc, true),
			Check: resource.ComposeTestCheckFunc(checkFrequency(sc),
				checkAllUnderAPIV3(srv, "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses")),
		}},
	})
}
