package provider

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// oracleScenario is one scenario of oracle.json, which
// internal/sandbox/testdata/example-org/oracle.py computes from the fixture
// and the design's definitions, independently of the provider's code.
type oracleScenario struct {
	Inputs struct {
		Prod     []string `json:"prod"`
		Since    string   `json:"since"`
		Until    string   `json:"until"`
		TZ       string   `json:"tz"`
		Archived bool     `json:"archived"`
		Public   bool     `json:"public"`
		Forked   bool     `json:"forked"`
		Ignored  []string `json:"ignored"`
		// Repositories is the data source's repositories input; nil: not set.
		Repositories []string `json:"repositories"`
	} `json:"inputs"`
	TotalCount      int64 `json:"total_count"`
	SuccessfulCount int64 `json:"successful_count"`
	FailedCount     int64 `json:"failed_count"`
	Frequency       struct {
		PerDay            float64 `json:"per_day"`
		PerWeek           float64 `json:"per_week"`
		PerMonth          float64 `json:"per_month"`
		DeploymentDays    int64   `json:"deployment_days"`
		MedianDaysPerWeek float64 `json:"median_days_per_week"`
		DORATier          string  `json:"dora_tier"`
	} `json:"frequency"`
	ByRepository  map[string]int64 `json:"by_repository"`
	ByEnvironment map[string]int64 `json:"by_environment"`
	Daily         []struct {
		Date  string `json:"date"`
		Count int64  `json:"count"`
	} `json:"daily"`
	Weekly []struct {
		Start           string `json:"start"`
		Days            int64  `json:"days"`
		DeploymentDays  int64  `json:"deployment_days"`
		SuccessfulCount int64  `json:"successful_count"`
		Partial         bool   `json:"partial"`
		Dropped         bool   `json:"dropped"`
	} `json:"weekly"`
	Deployments []struct {
		ID          int64   `json:"id"`
		Repository  string  `json:"repository"`
		Environment string  `json:"environment"`
		SHA         string  `json:"sha"`
		Ref         string  `json:"ref"`
		Task        string  `json:"task"`
		Creator     string  `json:"creator"`
		CreatedAt   string  `json:"created_at"`
		DeployedAt  *string `json:"deployed_at"`
		State       *string `json:"state"`
	} `json:"deployments"`
}

func loadOracle(t *testing.T, name string) oracleScenario {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(exampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]oracleScenario
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	sc, ok := all[name]
	if !ok {
		t.Fatalf("no scenario %q in oracle.json", name)
	}
	return sc
}

func hclList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// deploymentsConfig declares the scenario's data source, passing settings
// through a connection as users do.
func deploymentsConfig(sc oracleScenario, includeDeployments bool) string {
	repositories := ""
	if sc.Inputs.Repositories != nil {
		repositories = "\n  repositories        = " + hclList(sc.Inputs.Repositories)
	}
	return fmt.Sprintf(`
resource "dxgh_connection" "test" {
  name                    = "oracle"
  import_archived         = %t
  import_public           = %t
  import_forked           = %t
  production_environments = %s
  ignored_repositories    = %s
}

data "dxgh_deployments" "test" {
  import_settings     = dxgh_connection.test.import_settings
  since               = %q
  until               = %q
  time_zone           = %q
  include_deployments = %t%s
}
`, sc.Inputs.Archived, sc.Inputs.Public, sc.Inputs.Forked, hclList(sc.Inputs.Prod), hclList(sc.Inputs.Ignored),
		sc.Inputs.Since, sc.Inputs.Until, sc.Inputs.TZ, includeDeployments, repositories)
}

// deploymentsData is the data source of deploymentsConfig; in a mode's
// copy of it, apiMode.addr(deploymentsData).
const deploymentsData = "data.dxgh_deployments.test"

// oracleChecks compares every output of the data source at addr with the
// oracle's.
func oracleChecks(sc oracleScenario, includeDeployments bool, addr string) []statecheck.StateCheck {
	at := func(attr string) tfjsonpath.Path { return tfjsonpath.New(attr) }
	counts := func(m map[string]int64) knownvalue.Check {
		checks := map[string]knownvalue.Check{}
		for k, v := range m {
			checks[k] = knownvalue.Int64Exact(v)
		}
		return knownvalue.MapExact(checks)
	}
	daily := make([]knownvalue.Check, len(sc.Daily))
	for i, d := range sc.Daily {
		daily[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{"date": knownvalue.StringExact(d.Date), "count": knownvalue.Int64Exact(d.Count)})
	}
	weekly := make([]knownvalue.Check, len(sc.Weekly))
	for i, w := range sc.Weekly {
		weekly[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"start": knownvalue.StringExact(w.Start), "days": knownvalue.Int64Exact(w.Days),
			"deployment_days": knownvalue.Int64Exact(w.DeploymentDays), "successful_count": knownvalue.Int64Exact(w.SuccessfulCount),
			"partial": knownvalue.Bool(w.Partial), "dropped": knownvalue.Bool(w.Dropped),
		})
	}
	deployments := []knownvalue.Check{}
	if includeDeployments {
		for _, d := range sc.Deployments {
			deployments = append(deployments, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id":          knownvalue.Int64Exact(d.ID),
				"repository":  knownvalue.StringExact(d.Repository),
				"environment": knownvalue.StringExact(d.Environment),
				"sha":         knownvalue.StringExact(d.SHA),
				"ref":         knownvalue.StringExact(d.Ref),
				"task":        knownvalue.StringExact(d.Task),
				"creator":     knownvalue.StringExact(d.Creator),
				"created_at":  stringOrNull(&d.CreatedAt),
				"deployed_at": stringOrNull(d.DeployedAt),
				"state":       stringOrNull(d.State),
			}))
		}
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, at("total_count"), knownvalue.Int64Exact(sc.TotalCount)),
		statecheck.ExpectKnownValue(addr, at("successful_count"), knownvalue.Int64Exact(sc.SuccessfulCount)),
		statecheck.ExpectKnownValue(addr, at("failed_count"), knownvalue.Int64Exact(sc.FailedCount)),
		statecheck.ExpectKnownValue(addr, at("frequency").AtMapKey("deployment_days"), knownvalue.Int64Exact(sc.Frequency.DeploymentDays)),
		statecheck.ExpectKnownValue(addr, at("frequency").AtMapKey("dora_tier"), knownvalue.StringExact(sc.Frequency.DORATier)),
		statecheck.ExpectKnownValue(addr, at("by_repository"), counts(sc.ByRepository)),
		statecheck.ExpectKnownValue(addr, at("by_environment"), counts(sc.ByEnvironment)),
		statecheck.ExpectKnownValue(addr, at("daily"), knownvalue.ListExact(daily)),
		statecheck.ExpectKnownValue(addr, at("weekly"), knownvalue.ListExact(weekly)),
		statecheck.ExpectKnownValue(addr, at("deployments"), knownvalue.ListExact(deployments)),
	}
}

func stringOrNull(s *string) knownvalue.Check {
	if s == nil {
		return knownvalue.Null()
	}
	if t, err := time.Parse(time.RFC3339, *s); err == nil {
		return knownvalue.StringExact(t.UTC().Format(time.RFC3339))
	}
	return knownvalue.StringExact(*s)
}

// checkFrequency compares the fractional outputs of the data source at
// addr within 1e-9.
func checkFrequency(sc oracleScenario, addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		res, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("no %s in state", addr)
		}
		a := res.Primary.Attributes
		want := map[string]float64{
			"frequency.per_day": sc.Frequency.PerDay, "frequency.per_week": sc.Frequency.PerWeek,
			"frequency.per_month": sc.Frequency.PerMonth, "frequency.median_days_per_week": sc.Frequency.MedianDaysPerWeek,
		}
		keys := make([]string, 0, len(want))
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			got, err := strconv.ParseFloat(a[k], 64)
			if err != nil || math.Abs(got-want[k]) > 1e-9 {
				return fmt.Errorf("%s = %q, want %v", k, a[k], want[k])
			}
		}
		return nil
	}
}

// testOracleScenario reads the scenario in every API mode, rest and
// graphql in both GraphQL status orders, in one terraform run, and compares
// every output of each with the oracle.
func testOracleScenario(t *testing.T, name string, opts sandbox.Options, includeDeployments bool) modeSandboxes {
	sc := loadOracle(t, name)
	ms := exampleInEveryMode(t, opts)
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: ms.config(deploymentsConfig(sc, includeDeployments)),
			ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
				return oracleChecks(sc, includeDeployments, m.addr(deploymentsData))
			}),
			Check: resource.ComposeTestCheckFunc(ms.usedTheirAPIs(), ms.check(func(m modeSandbox) resource.TestCheckFunc {
				return checkFrequency(sc, m.addr(deploymentsData))
			})),
		}},
	})
	return ms
}

func TestAccDeployments_namedProductionEnvironment(t *testing.T) {
	testOracleScenario(t, "named_prod_30d", sandbox.Options{}, true)
}

func TestAccDeployments_productionFlagFallback(t *testing.T) {
	testOracleScenario(t, "flag_fallback_30d", sandbox.Options{}, true)
}

func TestAccDeployments_ninetyDaysInBerlin(t *testing.T) {
	testOracleScenario(t, "named_prod_90d_berlin", sandbox.Options{}, true)
}

func TestAccDeployments_settingsWidenScope(t *testing.T) {
	testOracleScenario(t, "scope_all_enabled", sandbox.Options{}, true)
}

func TestAccDeployments_settingsNarrowScope(t *testing.T) {
	testOracleScenario(t, "scope_ignored", sandbox.Options{}, true)
}

func TestAccDeployments_shortWindowAcrossNewYorkDST(t *testing.T) {
	testOracleScenario(t, "short_window_new_york", sandbox.Options{}, true)
}

// Windows from UTC midnight are 20:00 to 19:00 in New York: the first date
// (29 October) is not since's UTC date, and 4 days of window span 5 dates.
func TestAccDeployments_shortWindowOfPartialDaysInNewYork(t *testing.T) {
	testOracleScenario(t, "short_window_partial_days_new_york", sandbox.Options{}, true)
}

// The repositories input narrows the read (case-insensitively), down to the
// tiers the whole organisation never reaches.
func TestAccDeployments_repositoriesNarrowToHighTier(t *testing.T) {
	testOracleScenario(t, "narrowed_high", sandbox.Options{}, true)
}

// The one successful deployment falls in the dropped trailing partial week:
// median 0, but per_month just over 1.
func TestAccDeployments_repositoriesNarrowToMediumTier(t *testing.T) {
	testOracleScenario(t, "narrowed_medium_trailing_block", sandbox.Options{}, true)
}

// A repository with no deployments: zeros, empty maps and list, low.
func TestAccDeployments_repositoriesNarrowToLowTier(t *testing.T) {
	testOracleScenario(t, "narrowed_low_empty", sandbox.Options{}, true)
}

// include_deployments = false keeps the list out of state and changes no number.
func TestAccDeployments_withoutTheList(t *testing.T) {
	testOracleScenario(t, "flag_fallback_30d", sandbox.Options{}, false)
}

// Under 5xx, connection resets, cut-short bodies and secondary rate limits
// (403 and 429 with retry-after), retries give exactly the same results.
func TestAccDeployments_identicalUnderFaults(t *testing.T) {
	ms := testOracleScenario(t, "named_prod_30d", sandbox.Options{Faults: sandbox.Faults{
		Seed: 7, ServerErrorRate: 0.06, ResetRate: 0.03, TruncateRate: 0.03,
		SecondaryRateLimitRate: 0.02, RetryAfter: time.Second,
	}}, true)
	for _, m := range ms {
		counts := m.srv.Counts()
		for _, kind := range []string{"5xx", "reset", "truncated body", "secondary rate limit"} {
			if counts["fault: "+kind] == 0 {
				t.Errorf("%s: no %s fault was injected; the test proves nothing about it (counts %v)", m.label, kind, counts)
			}
		}
	}
}
