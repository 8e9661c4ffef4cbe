package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

const doraData = "data.dxgh_dora_metrics.test"

// Bad input is a clear error on its attribute, before any request is made.
func TestAccDORAMetrics_invalidInput(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	// onLine matches terraform's pointer to the attribute's line.
	onLine := func(attr string) string { return `.*with data.dxgh_dora_metrics.x.*\n\s*\d+:\s+` + attr + ` = ` }
	steps := []struct {
		body string
		want string
	}{
		{`since = "2026-10-01"`, `(?s)Invalid RFC 3339 timestamp` + onLine("since") + `.*write "2026-10-01T00:00:00Z" for "2026-10-01"`},
		{`since = "2026-10-01T00:00:00Z"
  until = "2026-11-10 10:00"`, `(?s)Invalid RFC 3339 timestamp` + onLine("until") + `.*write "2026-11-10T10:00:00Z" for "2026-11-10 10:00"`},
		{`since = "2026-10-01T00:00:00Z"
  until = "yesterday"`, `(?s)Invalid RFC 3339 timestamp` + onLine("until")},
		{`since = "2026-10-10T00:00:00Z"
  until = "2026-10-01T00:00:00Z"`, `(?s)Empty time window` + onLine("until") + `.*must be after since`},
		{`since = "0001-01-01T00:00:00Z"`, `(?s)Time window too long` + onLine("since") + `.*longer than 3660 days`},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Mars/Olympus_Mons"`, `(?s)Unknown time zone` + onLine("time_zone") + `.*"Mars/Olympus_Mons" must be an IANA time zone name`},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Europe/Pariss"`, `(?s)Unknown time zone` + onLine("time_zone") + `.*Closest: "Europe/Paris", "Europe/Madrid", "Europe/Riga", "Europe/Warsaw", "Europe/Zurich"\.`},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "europe/paris"`, `(?s)Unknown time zone` + onLine("time_zone") + `.*write "Europe/Paris"\.`},
		{`since = "2026-10-01T00:00:00Z"
  incident_labels = [""]`, `(?s)` + onLine("incident_labels") + `.*must be a label name`},
		{`since = "2026-10-01T00:00:00Z"
  incident_labels = ["incident", " sev1"]`, `(?s)` + onLine("incident_labels") + `.*must be a label name: not empty, without leading or trailing spaces`},
		{`since = "2026-10-01T00:00:00Z"
  repositories = ["acme/docs"]`, `(?s)` + onLine("repositories") + `.*acme/docs is excluded by the import settings: public`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config: cfg + "data \"dxgh_dora_metrics\" \"x\" {\n  " + s.body + "\n}\n",
			// Terraform wraps long messages: a space matches any whitespace.
			ExpectError: regexp.MustCompile(strings.ReplaceAll(s.want, " ", `\s+`)),
		})
	}
	accTest(t, resource.TestCase{Steps: ts})
}

// doraConfig adds to deploymentsConfig a dxgh_dora_metrics with the same
// inputs, and attributes of its own.
func doraConfig(sc oracleScenario, attrs ...string) string {
	repositories := ""
	if sc.Inputs.Repositories != nil {
		repositories = "\n  repositories    = " + hclList(sc.Inputs.Repositories)
	}
	return deploymentsConfig(sc, false) + fmt.Sprintf(`
data "dxgh_dora_metrics" "test" {
  import_settings = dxgh_connection.test.import_settings
  since           = %q
  until           = %q
  time_zone       = %q%s
  %s
}
`, sc.Inputs.Since, sc.Inputs.Until, sc.Inputs.TZ, repositories, strings.Join(attrs, "\n  "))
}

// sameAsDeployments checks deployment_frequency against dxgh_deployments'
// frequency attribute by attribute, and that change failure rate and rework
// rate count dxgh_deployments' successful deployments.
func sameAsDeployments() resource.TestCheckFunc {
	var checks []resource.TestCheckFunc
	for name := range frequencyAttributes() {
		checks = append(checks, resource.TestCheckResourceAttrPair(doraData, "deployment_frequency."+name, deploymentsData, "frequency."+name))
	}
	for _, count := range []string{"change_failure_rate.deployments", "rework_rate.deployments"} {
		checks = append(checks, resource.TestCheckResourceAttrPair(doraData, count, deploymentsData, "successful_count"))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

// listsMatchCounts checks that with include_details the lists hold one
// entry per change and per failure the metrics counted.
func listsMatchCounts(s *terraform.State) error {
	a := s.RootModule().Resources[doraData].Primary.Attributes
	for list, count := range map[string]string{"changes.#": "lead_time.changes", "failures.#": "recovery_time.failures"} {
		if a[list] != a[count] {
			return fmt.Errorf("%s = %s, but %s = %s", list, a[list], count, a[count])
		}
	}
	return nil
}

// For the oracle's scenarios, in both API modes, deployment_frequency is
// exactly dxgh_deployments' frequency for the same inputs, in one plan.
func TestAccDORAMetrics_deploymentFrequencyIsDeployments(t *testing.T) {
	for _, name := range []string{"named_prod_30d", "flag_fallback_30d", "named_prod_90d_berlin", "scope_ignored", "narrowed_high", "short_window_partial_days_new_york"} {
		for _, api := range []string{"rest", "graphql"} {
			t.Run(name+"/"+api, func(t *testing.T) {
				sc := loadOracle(t, name)
				srv := startSandbox(t, sandbox.Options{})
				accTest(t, resource.TestCase{Steps: []resource.TestStep{{
					Config: providerConfig(srv, appGood, keyFile(appGood), fmt.Sprintf("api = %q", api)) + doraConfig(sc, ""),
					Check:  sameAsDeployments(),
				}}})
				if got := srv.Counts()["POST /graphql"] > 0; got != (api == "graphql") {
					t.Errorf("GraphQL queried: %v, in api mode %s", got, api)
				}
			})
		}
	}
}

// The defaults are in state; without include_details the lists are empty
// (not null) and change no number, with it they list what was counted.
func TestAccDORAMetrics_details(t *testing.T) {
	sc := loadOracle(t, "named_prod_90d_berlin")
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	var without map[string]string
	keep := func(s *terraform.State) error {
		without = s.RootModule().Resources[doraData].Primary.Attributes
		return nil
	}
	sameNumbers := func(s *terraform.State) error {
		with := s.RootModule().Resources[doraData].Primary.Attributes
		for k, v := range without {
			if !strings.HasPrefix(k, "changes.") && !strings.HasPrefix(k, "failures.") && k != "include_details" && with[k] != v {
				return fmt.Errorf("%s = %q with include_details, %q without", k, with[k], v)
			}
		}
		return nil
	}
	empty := knownvalue.ListExact([]knownvalue.Check{})
	accTest(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config: cfg + doraConfig(sc),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(doraData, tfjsonpath.New("incident_labels"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("incident")})),
				statecheck.ExpectKnownValue(doraData, tfjsonpath.New("include_bots"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(doraData, tfjsonpath.New("include_details"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(doraData, tfjsonpath.New("changes"), empty),
				statecheck.ExpectKnownValue(doraData, tfjsonpath.New("failures"), empty),
			},
			Check: keep,
		},
		{
			Config: cfg + doraConfig(sc, "include_details = true"),
			Check: resource.ComposeAggregateTestCheckFunc(sameNumbers, listsMatchCounts,
				resource.TestCheckResourceAttrWith(doraData, "failures.#", positive)),
		},
	}})
}

func positive(v string) error {
	if n, err := strconv.Atoi(v); err != nil || n <= 0 {
		return fmt.Errorf("%q is not a positive count", v)
	}
	return nil
}

// A window with nothing in it: zero counts, and every hour, rate and tier
// null rather than a misleading 0 or "elite".
func TestAccDORAMetrics_nothingToMeasure(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	null := knownvalue.Null()
	zero := knownvalue.Int64Exact(0)
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: providerConfig(srv, appGood, keyFile(appGood)) + `
data "dxgh_dora_metrics" "test" {
  since           = "2025-01-01T00:00:00Z"
  until           = "2025-02-01T00:00:00Z"
  include_details = true
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("lead_time"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"changes": zero, "delivered": zero, "undelivered": zero,
				"median_hours": null, "p90_hours": null, "median_merge_to_deploy_hours": null, "tier": null,
			})),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("change_failure_rate"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"deployments": zero, "failed": zero, "by_incident": zero, "by_rollback": zero, "rate": null, "tier": null,
			})),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("recovery_time"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"failures": zero, "recovered": zero, "unresolved": zero, "median_hours": null, "tier": null,
			})),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("rework_rate"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"deployments": zero, "rework": zero, "rate": null,
			})),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("deployment_frequency").AtMapKey("dora_tier"), knownvalue.StringExact("low")),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("changes"), knownvalue.ListExact([]knownvalue.Check{})),
			statecheck.ExpectKnownValue(doraData, tfjsonpath.New("failures"), knownvalue.ListExact([]knownvalue.Check{})),
		},
	}}})
}
