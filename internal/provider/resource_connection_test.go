package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Default scope of app 1001 in the example organisation, by hand from its
// README: acme's 14 repositories less docs (public), legacy-billing
// (archived), old-website (public, archived), terraform-aws-modules (fork)
// and open-sdk (public fork) leave 9; acme-labs' installation selects 2.
const defaultScopeRepositories = 11

// defaultScopeEnvironments: case variants merged under the spelling most
// repositories use; Prod-EU vs prod-eu is a 1–1 tie, won by byte order.
func defaultScopeEnvironments() []knownvalue.Check {
	names := []string{"production", "staging", "qa", "Preview", "Prod-EU"}
	for i := 1; i <= 36; i++ {
		names = append(names, fmt.Sprintf("customer-%02d", i))
	}
	checks := make([]knownvalue.Check, len(names))
	for i, n := range names {
		checks[i] = knownvalue.StringExact(n)
	}
	return checks
}

func connectionConfig(body string) string {
	return fmt.Sprintf(`
resource "dxgh_connection" "test" {
  name = %q
  %s
}
`, exampleOrgAppName, body)
}

func TestAccConnection_verifiesInPlanAndStoresResults(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	conn := tfjsonpath.New("repository_count")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerConfig(srv, appGood, keyFile(appGood)) + connectionConfig(`production_environments = ["production"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("dxgh_connection.test", plancheck.ResourceActionCreate),
				// Verified during plan: the numbers are known before apply.
				plancheck.ExpectKnownValue("dxgh_connection.test", conn, knownvalue.Int64Exact(defaultScopeRepositories)),
				plancheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("environments"), knownvalue.SetExact(defaultScopeEnvironments())),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("id"), knownvalue.StringExact("1001:"+exampleOrgAppName)),
				statecheck.ExpectKnownValue("dxgh_connection.test", conn, knownvalue.Int64Exact(defaultScopeRepositories)),
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("installations"), knownvalue.ListExact([]knownvalue.Check{
					installationCheck(installationAcme, "acme", "all", "read"),
					installationCheck(installationLabs, "acme-labs", "selected", "write"),
				})),
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("import_settings"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"import_archived":         knownvalue.Bool(false),
					"import_public":           knownvalue.Bool(false),
					"import_forked":           knownvalue.Bool(false),
					"production_environments": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("production")}),
					"ignored_repositories":    knownvalue.SetExact([]knownvalue.Check{}),
				})),
			},
		}, {
			// A second plan with nothing changed is empty: verification
			// plans exactly what refresh stored.
			Config:           providerConfig(srv, appGood, keyFile(appGood)) + connectionConfig(`production_environments = ["production"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func installationCheck(id int64, account, selection, deployments string) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"id":                   knownvalue.Int64Exact(id),
		"account":              knownvalue.StringExact(account),
		"target_type":          knownvalue.StringExact("Organization"),
		"repository_selection": knownvalue.StringExact(selection),
		"permissions":          knownvalue.MapPartial(map[string]knownvalue.Check{"deployments": knownvalue.StringExact(deployments)}),
	})
}

func TestAccConnection_updatesSettingsInPlace(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: cfg + connectionConfig(""),
		}, {
			// public adds docs; archived adds legacy-billing and, being
			// public too, old-website; ignoring api removes one.
			Config: cfg + connectionConfig(`
  import_public        = true
  import_archived      = true
  ignored_repositories = ["ACME/api"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("dxgh_connection.test", plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("repository_count"), knownvalue.Int64Exact(defaultScopeRepositories+3-1)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("id"), knownvalue.StringExact("1001:"+exampleOrgAppName)),
			},
		}, {
			ResourceName:      "dxgh_connection.test",
			ImportState:       true,
			ImportStateId:     "1001:" + exampleOrgAppName,
			ImportStateVerify: true,
			// Settings live only in configuration; import starts from the
			// defaults and the next apply sets them in place.
			ImportStateVerifyIgnore: []string{"import_public", "import_archived", "ignored_repositories", "import_settings", "repository_count", "environments"},
		}},
	})
}

func TestAccConnection_importDefaultSettings(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerConfig(srv, appGood, keyFile(appGood)) + connectionConfig(""),
		}, {
			ResourceName:      "dxgh_connection.test",
			ImportState:       true,
			ImportStateId:     "1001:" + exampleOrgAppName,
			ImportStateVerify: true,
		}, {
			ResourceName:  "dxgh_connection.test",
			ImportState:   true,
			ImportStateId: "not-an-id",
			ExpectError:   regexp.MustCompile(`Expected .<app_id>:<name>.`),
		}},
	})
}

// The GHES form of base_url, without its trailing slash, against a sandbox
// that serves the API only under /api/v3/ (and GraphQL at /api/graphql):
// normalised to …/api/v3/, every REST request keeps the prefix, and the
// environments are read by GraphQL at GHES's endpoint.
func TestAccConnection_gitHubEnterpriseServerBaseURL(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{EnterpriseServer: true})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: enterpriseProviderConfig(srv) + connectionConfig(""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("repository_count"), knownvalue.Int64Exact(defaultScopeRepositories)),
			},
			Check: checkAllUnderAPIV3(srv, "POST /graphql"),
		}},
	})
}

func TestAccConnection_refreshSurfacesRevokedPermission(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood)) + connectionConfig("")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: cfg,
		}, {
			PreConfig: func() {
				if err := srv.SetPermission(installationAcme, "deployments", ""); err != nil {
					t.Fatal(err)
				}
			},
			RefreshState: true,
			ExpectError:  regexp.MustCompile(`invalid_permissions: .*(\n.*)*installation 11001 on organization "acme" lacks read access to deployments`),
		}, {
			PreConfig: func() { _ = srv.SetPermission(installationAcme, "deployments", "read") },
			Config:    cfg,
		}},
	})
}

func TestAccConnection_errorCodes(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	ecKey := writeECKey(t, dir)
	cases := map[string]struct {
		provider string
		body     string
		want     string
	}{
		"private_key_needed/EC key": {
			provider: providerConfig(srv, appGood, ecKey),
			want:     `private_key_needed: the key is an EC key`,
		},
		"private_key_needed/garbage": {
			provider: fmt.Sprintf(`
provider "dxgh" {
  app_id          = "1001"
  private_key_pem = "this is not a key"
  base_url        = %q
}`, srv.URL()),
			want: `private_key_needed: `,
		},
		"invalid_credentials/another app's key": {
			provider: providerConfig(srv, appGood, keyFile(appNowhere)),
			want:     `invalid_credentials: GitHub rejected the app's credentials \(wrong app ID or key of another app\)`,
		},
		"invalid_credentials/unknown app ID": {
			provider: providerConfig(srv, unknownAppID, keyFile(appGood)),
			want:     `invalid_credentials: GitHub rejected the app's credentials`,
		},
		"invalid_permissions/missing deployments": {
			provider: providerConfig(srv, appNoDeployments, keyFile(appNoDeployments)),
			want:     `invalid_permissions: 1 installation\(s\) of app 1003 lack required permissions(.|\n)*lacks read access to\s+deployments,\s+members`,
		},
		"invalid_permissions/installed nowhere": {
			provider: providerConfig(srv, appNowhere, keyFile(appNowhere)),
			want:     `invalid_permissions: app 1002 is not installed on any account`,
		},
		"no_resources/zero repositories": {
			provider: providerConfig(srv, appNoRepositories, keyFile(appNoRepositories)),
			want:     `no_resources: no repository is in scope \(0 seen\)`,
		},
		"no_resources/all excluded by settings": {
			provider: providerConfig(srv, appGood, keyFile(appGood), fmt.Sprintf("installation_ids = [%d]", installationLabs)),
			body:     `ignored_repositories = ["acme-labs/experiments", "acme-labs/ML-Platform"]`,
			want:     `no_resources: no repository is in scope \(2 seen\)(.|\n)*2 listed in\s+ignored_repositories`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:             tc.provider + connectionConfig(tc.body),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ExpectError:        regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func writeECKey(t *testing.T, dir string) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "ec.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Provider values unknown at plan time defer verification to apply
// instead of failing the plan.
func TestAccConnection_unknownProviderValuesDeferToApply(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := fmt.Sprintf(`
resource "terraform_data" "app_id" {
  input = "%d"
}

provider "dxgh" {
  app_id           = terraform_data.app_id.output
  private_key_file = %q
  base_url         = %q
}
`, appGood, keyFile(appGood), srv.URL())
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: cfg + connectionConfig(""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("dxgh_connection.test", tfjsonpath.New("repository_count")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("dxgh_connection.test", tfjsonpath.New("repository_count"), knownvalue.Int64Exact(defaultScopeRepositories)),
			},
		}},
	})
}
