package provider

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// doraOracleScenario is one of oracle.json's dora_scenarios, which
// internal/sandbox/testdata/example-org/oracle.py computes from the fixture
// and DESIGN's definitions, independently of the provider's code. Outputs
// stay JSON so that every attribute the oracle gives is compared.
type doraOracleScenario struct {
	Inputs struct {
		Prod                     []string  `json:"prod"`
		Since, Until, TZ         string    `json:"-"`
		Archived, Public, Forked bool      `json:"-"`
		Ignored                  []string  `json:"ignored"`
		Repositories             []string  `json:"repositories"`    // nil: not set
		IncidentLabels           *[]string `json:"incident_labels"` // nil: not set
		IncludeBots              *bool     `json:"include_bots"`
		IncludeDetails           *bool     `json:"include_details"`
	} `json:"inputs"`
	// Outputs by attribute name: the five objects, and the two lists (null
	// in the oracle without include_details).
	Outputs map[string]json.RawMessage `json:"-"`
}

// doraOutputs are the outputs compared, each with its schema: the one
// declaration decides which numbers are integers.
var doraOutputs = map[string]map[string]schema.Attribute{
	"deployment_frequency": frequencyAttributes(),
	"lead_time":            leadTimeAttributes(),
	"change_failure_rate":  changeFailureRateAttributes(),
	"recovery_time":        recoveryTimeAttributes(),
	"rework_rate":          reworkRateAttributes(),
	"changes":              changeAttributes(),
	"failures":             failureAttributes(),
}

func loadDORAOracle(t *testing.T, name string) doraOracleScenario {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(exampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		Scenarios map[string]map[string]json.RawMessage `json:"dora_scenarios"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	fields, ok := all.Scenarios[name]
	if !ok {
		t.Fatalf("no scenario %q in oracle.json's dora_scenarios", name)
	}
	var sc doraOracleScenario
	var window struct {
		Since                    string `json:"since"`
		Until                    string `json:"until"`
		TZ                       string `json:"tz"`
		Archived, Public, Forked bool
	}
	if err := json.Unmarshal(fields["inputs"], &sc.Inputs); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fields["inputs"], &window); err != nil {
		t.Fatal(err)
	}
	sc.Inputs.Since, sc.Inputs.Until, sc.Inputs.TZ = window.Since, window.Until, window.TZ
	sc.Inputs.Archived, sc.Inputs.Public, sc.Inputs.Forked = window.Archived, window.Public, window.Forked
	sc.Outputs = map[string]json.RawMessage{}
	for out := range doraOutputs {
		v, ok := fields[out]
		if !ok {
			t.Fatalf("scenario %q has no %s", name, out)
		}
		sc.Outputs[out] = v
	}
	return sc
}

// doraOracleConfig declares the scenario's data source, passing settings
// through a connection as users do; inputs the scenario leaves unset stay
// unset, so their defaults are compared too.
func doraOracleConfig(sc doraOracleScenario) string {
	in := sc.Inputs
	optional := ""
	if in.Repositories != nil {
		optional += "\n  repositories    = " + hclList(in.Repositories)
	}
	if in.IncidentLabels != nil {
		optional += "\n  incident_labels = " + hclList(*in.IncidentLabels)
	}
	if in.IncludeBots != nil {
		optional += fmt.Sprintf("\n  include_bots    = %t", *in.IncludeBots)
	}
	if in.IncludeDetails != nil {
		optional += fmt.Sprintf("\n  include_details = %t", *in.IncludeDetails)
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

data "dxgh_dora_metrics" "test" {
  import_settings = dxgh_connection.test.import_settings
  since           = %q
  until           = %q
  time_zone       = %q%s
}
`, in.Archived, in.Public, in.Forked, hclList(in.Prod), hclList(in.Ignored), in.Since, in.Until, in.TZ, optional)
}

// doraOracleChecks compares every output with the oracle's: integers and
// strings exactly (times as RFC 3339 in UTC), hours and rates within 1e-9,
// nulls as nulls. The oracle's null lists (no include_details) are the
// data source's empty ones.
func doraOracleChecks(t *testing.T, sc doraOracleScenario) []statecheck.StateCheck {
	t.Helper()
	names := make([]string, 0, len(doraOutputs))
	for name := range doraOutputs {
		names = append(names, name)
	}
	sort.Strings(names)
	var checks []statecheck.StateCheck
	for _, name := range names {
		attrs := doraOutputs[name]
		var want knownvalue.Check
		if _, isList := map[string]bool{"changes": true, "failures": true}[name]; isList {
			var items []map[string]any
			decodeJSON(t, sc.Outputs[name], &items)
			list := []knownvalue.Check{}
			for _, item := range items {
				list = append(list, objectCheck(t, name, attrs, item))
			}
			want = knownvalue.ListExact(list)
		} else {
			var obj map[string]any
			decodeJSON(t, sc.Outputs[name], &obj)
			want = objectCheck(t, name, attrs, obj)
		}
		checks = append(checks, statecheck.ExpectKnownValue(doraData, tfjsonpath.New(name), want))
	}
	return checks
}

func decodeJSON(t *testing.T, raw json.RawMessage, out any) {
	t.Helper()
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatal(err)
	}
}

// objectCheck expects exactly the oracle's attributes, which must be the
// schema's.
func objectCheck(t *testing.T, output string, attrs map[string]schema.Attribute, obj map[string]any) knownvalue.Check {
	t.Helper()
	checks := map[string]knownvalue.Check{}
	for name, a := range attrs {
		v, ok := obj[name]
		if !ok {
			t.Fatalf("the oracle's %s has no %s", output, name)
		}
		switch {
		case v == nil:
			checks[name] = knownvalue.Null()
		case a.GetType() == types.Int64Type:
			checks[name] = knownvalue.Int64Exact(int64(v.(float64)))
		case a.GetType() == types.Float64Type:
			checks[name] = float64Near{v.(float64)}
		default:
			s := v.(string)
			checks[name] = stringOrNull(&s)
		}
	}
	if len(obj) != len(attrs) {
		t.Fatalf("the oracle's %s has %d attributes, the schema %d", output, len(obj), len(attrs))
	}
	return knownvalue.ObjectExact(checks)
}

// float64Near matches a number within 1e-9 (relative beyond 1): hours are
// floats computed in a different order by the oracle.
type float64Near struct{ want float64 }

func (c float64Near) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("expected a number, got %T", v)
	}
	got, err := n.Float64()
	if err != nil {
		return err
	}
	if math.Abs(got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
		return fmt.Errorf("got %v, want %v", got, c.want)
	}
	return nil
}

func (c float64Near) String() string { return strconv.FormatFloat(c.want, 'f', -1, 64) }

// Every output of dxgh_dora_metrics equals the oracle's, in every DORA
// scenario, in both api modes.
func TestAccDORAMetrics_matchesTheOracle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(exampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		Scenarios map[string]json.RawMessage `json:"dora_scenarios"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Scenarios) == 0 {
		t.Fatal("oracle.json has no dora_scenarios")
	}
	names := make([]string, 0, len(all.Scenarios))
	for name := range all.Scenarios {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sc := loadDORAOracle(t, name)
		for _, api := range []string{"rest", "graphql"} {
			t.Run(name+"/"+api, func(t *testing.T) {
				srv := startSandbox(t, sandbox.Options{})
				accTest(t, resource.TestCase{Steps: []resource.TestStep{{
					Config:            providerConfig(srv, appGood, keyFile(appGood), fmt.Sprintf("api = %q", api)) + doraOracleConfig(sc),
					ConfigStateChecks: doraOracleChecks(t, sc),
				}}})
			})
		}
	}
}
