package provider

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Real-organisation acceptance test: runs only when a GitHub App for a
// sandbox organisation is given in the environment. Its expectations come
// from the environment too, never from the sandbox's fixture.
//
//	DXGH_ACC_REAL_APP_ID            the app's ID (required to run)
//	DXGH_ACC_REAL_PRIVATE_KEY_FILE  path to its private key (required)
//	DXGH_ACC_REAL_BASE_URL          optional; GitHub Enterprise Server API URL
//	DXGH_ACC_REAL_ENVIRONMENT       an environment that exists in scope (default "production")
//	DXGH_ACC_REAL_MIN_REPOSITORIES  repositories at least in scope (default 1)
//	DXGH_ACC_REAL_IMPORT_PUBLIC     "true" if the organisation's repositories are public
func TestAccRealOrganisation(t *testing.T) {
	appID := os.Getenv(realOrgEnvPrefix + "APP_ID")
	keyPath := os.Getenv(realOrgEnvPrefix + "PRIVATE_KEY_FILE")
	if appID == "" || keyPath == "" {
		t.Skip("set DXGH_ACC_REAL_APP_ID and DXGH_ACC_REAL_PRIVATE_KEY_FILE to run the acceptance test against a real GitHub organisation (see README); the sandbox tests cover the same paths by default")
	}
	environment := envOr(realOrgEnvPrefix+"ENVIRONMENT", "production")
	minRepos, err := strconv.Atoi(envOr(realOrgEnvPrefix+"MIN_REPOSITORIES", "1"))
	if err != nil {
		t.Fatalf("DXGH_ACC_REAL_MIN_REPOSITORIES: %v", err)
	}
	baseURL := ""
	if u := os.Getenv(realOrgEnvPrefix + "BASE_URL"); u != "" {
		baseURL = fmt.Sprintf("base_url = %q", u)
	}
	// One reading of the clock: two could fall either side of midnight and
	// make a 31-day window, failing the 30 daily objects checked below.
	today := time.Now().UTC().Truncate(24 * time.Hour)
	since := today.AddDate(0, 0, -30).Format(time.RFC3339)
	until := today.Format(time.RFC3339)
	// Both API modes read the organisation in the same terraform run and
	// must agree on everything, the deployments list included: only a real
	// GitHub shows how its GraphQL API spells what REST says.
	modes := []apiMode{restMode, graphqlMode}
	providerBlock := func(m apiMode) string {
		return fmt.Sprintf(`
provider %q {
  app_id           = %q
  private_key_file = %q
  %s
  %s
}
`, m.provider, appID, keyPath, baseURL, m.apiLine())
	}
	cfg := inModes(modes, providerBlock, fmt.Sprintf(`
resource "dxgh_connection" "real" {
  name                    = "dxgh acceptance test"
  import_public           = %s
  production_environments = [%q]
}

data "dxgh_environments" "real" {
  import_settings = dxgh_connection.real.import_settings
}

data "dxgh_deployments" "real" {
  import_settings     = dxgh_connection.real.import_settings
  since               = %q
  until               = %q
  include_deployments = true
}
`, envOr(realOrgEnvPrefix+"IMPORT_PUBLIC", "false"), environment, since, until))

	checks := []statecheck.StateCheck{identicalInModes(modes, "dxgh_connection.real", "data.dxgh_environments.real", "data.dxgh_deployments.real")}
	var checkFuncs []resource.TestCheckFunc
	for _, m := range modes {
		deployments := m.addr("data.dxgh_deployments.real")
		checks = append(checks,
			statecheck.ExpectKnownValue(m.addr("data.dxgh_environments.real"), tfjsonpath.New("names"),
				knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact(environment)})),
			statecheck.ExpectKnownValue(deployments, tfjsonpath.New("daily"), knownvalue.ListSizeExact(30)))
		checkFuncs = append(checkFuncs,
			checkAtLeast(m.addr("dxgh_connection.real"), "repository_count", minRepos),
			resource.TestMatchResourceAttr(deployments, "frequency.dora_tier", regexpMust(`^(elite|high|medium|low)$`)),
			func(s *terraform.State) error {
				a := s.RootModule().Resources[deployments].Primary.Attributes
				total, _ := strconv.Atoi(a["total_count"])
				ok, _ := strconv.Atoi(a["successful_count"])
				if ok > total {
					return fmt.Errorf("%s: successful_count %d > total_count %d", deployments, ok, total)
				}
				return nil
			})
	}

	// Against a real organisation, so behind TF_ACC like any acceptance
	// test (resource.Test skips without it).
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: checks,
			Check:             resource.ComposeTestCheckFunc(checkFuncs...),
		}},
	})
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func checkAtLeast(res, attr string, min int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		v, err := strconv.Atoi(s.RootModule().Resources[res].Primary.Attributes[attr])
		if err != nil || v < min {
			return fmt.Errorf("%s.%s = %q, want at least %d", res, attr, s.RootModule().Resources[res].Primary.Attributes[attr], min)
		}
		return nil
	}
}
