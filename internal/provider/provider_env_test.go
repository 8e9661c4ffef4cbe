package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// An empty provider block configured from the environment, with the key
// as CI secrets often carry it: one line, literal \n escapes, CRLF and
// surrounding whitespace; the base URL without its trailing slash.
func TestAccProvider_configuredFromEnvironment(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	raw, err := os.ReadFile(keyFile(appGood))
	if err != nil {
		t.Fatal(err)
	}
	oneLine := "  " + strings.ReplaceAll(strings.ReplaceAll(string(raw), "\n", "\r\n"), "\r\n", `\r\n`) + "  \n"
	t.Setenv("DXGH_APP_ID", "1001")
	t.Setenv("DXGH_PRIVATE_KEY_PEM", oneLine)
	t.Setenv("DXGH_BASE_URL", strings.TrimSuffix(srv.URL(), "/"))
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `provider "dxgh" {}` + connectionConfig(""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("repository_count"), knownvalue.Int64Exact(defaultScopeRepositories)),
			},
		}},
	})
}
