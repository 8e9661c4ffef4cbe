package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// protoV6ProviderFactories runs the provider in the test process, so real
// terraform talks to it while the test drives the sandbox: as "dxgh" and
// under each API mode's name (modes_test.go).
var protoV6ProviderFactories = func() map[string]func() (tfprotov6.ProviderServer, error) {
	out := map[string]func() (tfprotov6.ProviderServer, error){}
	for _, m := range everyMode {
		out[m.provider] = providerserver.NewProtocol6WithError(New("test")())
	}
	return out
}()

// exampleOrgDir is the sandbox's example organisation.
func exampleOrgDir() string { return sandbox.ExampleOrgDir() }

// Apps of the example organisation (internal/sandbox/testdata/example-org/README.md).
const (
	appGood           = 1001 // installed on acme (all) and acme-labs (selected)
	appNowhere        = 1002 // installed nowhere
	appNoDeployments  = 1003 // installed on acme without deployments and members
	appNoRepositories = 1004 // installed on acme-labs with zero repositories selected
	installationAcme  = 11001
	installationLabs  = 11002
	exampleOrgAppName = "Acme DX - GitHub Deployments"
	unknownAppID      = 999999
	realOrgEnvPrefix  = "DXGH_ACC_REAL_"
)

func keyFile(appID int64) string {
	if appID == appGood {
		return filepath.Join(exampleOrgDir(), "app.pem")
	}
	return filepath.Join(exampleOrgDir(), fmt.Sprintf("app-%d.pem", appID))
}

// startSandbox serves the example organisation on loopback for one test.
func startSandbox(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	srv, _ := sandbox.ServeExample(t, opts)
	return srv
}

// providerConfig is a provider block for the sandbox; extra lines are
// added inside the block.
func providerConfig(srv *sandbox.Server, appID int64, keyPath string, extra ...string) string {
	return namedProviderConfig("dxgh", srv.URL(), appID, keyPath, extra...)
}

// namedProviderConfig is providerConfig for the provider of that local
// name, with that base_url.
func namedProviderConfig(name, baseURL string, appID int64, keyPath string, extra ...string) string {
	return fmt.Sprintf(`
provider %q {
  app_id           = "%d"
  private_key_file = %q
  base_url         = %q
  %s
}
`, name, appID, keyPath, baseURL, strings.Join(extra, "\n  "))
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// accTest runs a test case through real terraform against the in-process
// provider. The sandbox needs no credentials or network, so these are plain
// unit tests: `go test ./...` runs them with no variable set, and a missing
// terraform fails them rather than skipping.
func accTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	tc.PreCheck = func() { testenv.RequireTerraform(t) }
	tc.ProtoV6ProviderFactories = protoV6ProviderFactories
	resource.UnitTest(t, tc)
}

// accParallelTest is accTest alongside the package's other parallel tests,
// for tests with sandboxes of their own that set no environment variable:
// much of a terraform run is waiting, which another test's run fills.
// (resource.ParallelTest would skip without TF_ACC.)
func accParallelTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	t.Parallel()
	accTest(t, tc)
}
