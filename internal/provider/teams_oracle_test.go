package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// oracleSection is one of oracle.json's sections of scenarios, each kept as
// JSON by output name.
func oracleSection(t *testing.T, section string) map[string]map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(exampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	var scenarios map[string]map[string]json.RawMessage
	if err := json.Unmarshal(all[section], &scenarios); err != nil || len(scenarios) == 0 {
		t.Fatalf("oracle.json has no %s: %v", section, err)
	}
	return scenarios
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// groupInputs are the teams and grouping inputs of a scenario.
type groupInputs struct {
	Teams   []string `json:"teams"`    // nil: not set
	GroupBy string   `json:"group_by"` // "": not set
}

func (g groupInputs) lines() string {
	out := ""
	if g.Teams != nil {
		out += "\n  teams    = " + hclList(g.Teams)
	}
	if g.GroupBy != "" {
		out += fmt.Sprintf("\n  group_by = %q", g.GroupBy)
	}
	return out
}

// jsonCheck expects the oracle's JSON value v of an attribute of this
// schema, nested objects, lists and maps included: integers and strings
// exactly, floats within 1e-9, nulls as nulls.
func jsonCheck(t *testing.T, what string, a schema.Attribute, v any) knownvalue.Check {
	t.Helper()
	if v == nil {
		return knownvalue.Null()
	}
	nestedObject := func(attrs map[string]schema.Attribute, v any) knownvalue.Check {
		obj, ok := v.(map[string]any)
		if !ok || len(obj) != len(attrs) {
			t.Fatalf("the oracle's %s is %v, the schema has %d attributes", what, v, len(attrs))
		}
		checks := map[string]knownvalue.Check{}
		for name, sub := range attrs {
			val, ok := obj[name]
			if !ok {
				t.Fatalf("the oracle's %s has no %s", what, name)
			}
			checks[name] = jsonCheck(t, what+"."+name, sub, val)
		}
		return knownvalue.ObjectExact(checks)
	}
	switch a := a.(type) {
	case schema.SingleNestedAttribute:
		return nestedObject(a.Attributes, v)
	case schema.ListNestedAttribute:
		var list []knownvalue.Check
		for i, item := range v.([]any) {
			list = append(list, jsonCheck(t, fmt.Sprintf("%s[%d]", what, i), schema.SingleNestedAttribute{Attributes: a.NestedObject.Attributes}, item))
		}
		if list == nil {
			list = []knownvalue.Check{}
		}
		return knownvalue.ListExact(list)
	case schema.MapNestedAttribute:
		checks := map[string]knownvalue.Check{}
		for k, item := range v.(map[string]any) {
			checks[k] = nestedObject(a.NestedObject.Attributes, item)
		}
		return knownvalue.MapExact(checks)
	case schema.ListAttribute:
		list := []knownvalue.Check{}
		for _, item := range v.([]any) {
			list = append(list, knownvalue.StringExact(item.(string)))
		}
		return knownvalue.ListExact(list)
	}
	switch a.GetType() {
	case types.Int64Type:
		return knownvalue.Int64Exact(int64(v.(float64)))
	case types.Float64Type:
		return float64Near{v.(float64)}
	case types.StringType:
		s := v.(string)
		return stringOrNull(&s)
	case types.BoolType:
		return knownvalue.Bool(v.(bool))
	}
	t.Fatalf("%s: no check for %T", what, a)
	return nil
}

func outputCheck(t *testing.T, addr, output string, a schema.Attribute, raw json.RawMessage) statecheck.StateCheck {
	t.Helper()
	var v any
	decodeJSON(t, raw, &v)
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(output), jsonCheck(t, output, a, v))
}

// dxgh_teams equals the oracle's teams in every scenario and api mode, both
// when GitHub's list for a child team includes what it inherits and when it
// does not.
func TestAccTeams_matchTheOracle(t *testing.T) {
	teamsAttr := schema.ListNestedAttribute{NestedObject: schema.NestedAttributeObject{Attributes: teamAttributes()}}
	section := oracleSection(t, "teams_scenarios")
	for _, name := range sortedNames(section) {
		sc := section[name]
		var in struct {
			Archived, Public, Forked bool
			Ignored                  []string `json:"ignored"`
			Teams                    []string `json:"teams"`
		}
		decodeJSON(t, sc["inputs"], &in)
		slugs := ""
		if in.Teams != nil {
			slugs = "\n  slugs = " + hclList(in.Teams)
		}
		body := fmt.Sprintf(`
resource "dxgh_connection" "test" {
  name                 = "teams"
  import_archived      = %t
  import_public        = %t
  import_forked        = %t
  ignored_repositories = %s
}

data "dxgh_teams" "test" {
  import_settings = dxgh_connection.test.import_settings%s
}
`, in.Archived, in.Public, in.Forked, hclList(in.Ignored), slugs)
		for _, inherited := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/inherited listed %t", name, inherited), func(t *testing.T) {
				ms := exampleInEveryMode(t, sandbox.Options{TeamReposInherited: inherited})
				accParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
					Config: ms.config(body),
					ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
						return []statecheck.StateCheck{outputCheck(t, m.addr("data.dxgh_teams.test"), "teams", teamsAttr, sc["teams"])}
					}),
					Check: ms.usedTheirAPIs(),
				}}})
			})
		}
	}
}

// groupsAttr and ungroupedAttr are the schema the groups outputs are
// compared by.
func groupsAttr(attrs map[string]schema.Attribute) schema.Attribute {
	return schema.MapNestedAttribute{NestedObject: schema.NestedAttributeObject{Attributes: attrs}}
}

var ungroupedAttr = schema.ListAttribute{ElementType: types.StringType}

// dxgh_deployments with teams and group_by: every output of the whole read
// and of each group, and the ungrouped repositories, equal the oracle's in
// every api mode.
func TestAccDeploymentsGroups_matchTheOracle(t *testing.T) {
	section := oracleSection(t, "group_scenarios")
	for _, name := range sortedNames(section) {
		raw := section[name]
		var sc oracleScenario
		whole, err := json.Marshal(raw)
		if err != nil {
			t.Fatal(err)
		}
		decodeJSON(t, whole, &sc)
		var in groupInputs
		decodeJSON(t, raw["inputs"], &in)
		body := withGroupInputs(deploymentsConfig(sc, true), `data "dxgh_deployments" "test" {`, in)
		t.Run(name, func(t *testing.T) {
			ms := exampleInEveryMode(t, sandbox.Options{})
			accParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
				Config: ms.config(body),
				ConfigStateChecks: ms.stateChecks(func(m apiMode) []statecheck.StateCheck {
					addr := m.addr(deploymentsData)
					return append(oracleChecks(sc, true, addr),
						outputCheck(t, addr, "groups", groupsAttr(deploymentGroupAttributes()), raw["groups"]),
						outputCheck(t, addr, "ungrouped_repositories", ungroupedAttr, raw["ungrouped_repositories"]))
				}),
				Check: resource.ComposeTestCheckFunc(ms.usedTheirAPIs(), ms.check(func(m modeSandbox) resource.TestCheckFunc {
					return checkFrequency(sc, m.addr(deploymentsData))
				})),
			}}})
		})
	}
}

// dxgh_dora_metrics with teams and group_by: the five keys of the whole
// read and of each group equal the oracle's, in both api modes.
func TestAccDORAGroups_matchTheOracle(t *testing.T) {
	section := oracleSection(t, "dora_group_scenarios")
	for _, name := range sortedNames(section) {
		raw := section[name]
		var in groupInputs
		decodeJSON(t, raw["inputs"], &in)
		var sc doraOracleScenario
		decodeJSON(t, raw["inputs"], &sc.Inputs)
		var window struct {
			Since, Until, TZ         string
			Archived, Public, Forked bool
		}
		decodeJSON(t, raw["inputs"], &window)
		sc.Inputs.Since, sc.Inputs.Until, sc.Inputs.TZ = window.Since, window.Until, window.TZ
		sc.Inputs.Archived, sc.Inputs.Public, sc.Inputs.Forked = window.Archived, window.Public, window.Forked
		body := withGroupInputs(doraOracleConfig(sc), `data "dxgh_dora_metrics" "test" {`, in)
		var checks []statecheck.StateCheck
		for _, key := range []string{"deployment_frequency", "lead_time", "change_failure_rate", "recovery_time", "rework_rate"} {
			checks = append(checks, outputCheck(t, doraData, key, schema.SingleNestedAttribute{Attributes: doraOutputs[key]}, raw[key]))
		}
		checks = append(checks,
			outputCheck(t, doraData, "groups", groupsAttr(doraGroupAttributes()), raw["groups"]),
			outputCheck(t, doraData, "ungrouped_repositories", ungroupedAttr, raw["ungrouped_repositories"]))
		for _, api := range []string{"rest", "graphql"} {
			t.Run(name+"/"+api, func(t *testing.T) {
				srv := startSandbox(t, sandbox.Options{})
				accParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
					Config:            providerConfig(srv, appGood, keyFile(appGood), fmt.Sprintf("api = %q", api)) + body,
					ConfigStateChecks: checks,
				}}})
			})
		}
	}
}

// withGroupInputs adds the teams and group_by lines to the block opened by
// header.
func withGroupInputs(config, header string, in groupInputs) string {
	at := strings.Index(config, header)
	if at < 0 {
		panic("test configuration lacks " + header)
	}
	at += len(header)
	return config[:at] + in.lines() + config[at:]
}

// A slug that matches no team fails the read on the attribute, naming the
// closest slugs, in every data source that takes one.
func TestAccTeams_unknownSlugNamesTheClosest(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	for _, tc := range []struct{ body, attribute string }{
		{`data "dxgh_teams" "test" {
  slugs = ["platfrm"]
}`, "slugs"},
		{`data "dxgh_deployments" "test" {
  since = "2026-10-21T00:00:00Z"
  until = "2026-11-20T00:00:00Z"
  teams = ["platfrm"]
}`, "teams"},
		{`data "dxgh_dora_metrics" "test" {
  since    = "2026-10-21T00:00:00Z"
  until    = "2026-11-20T00:00:00Z"
  teams    = ["platfrm"]
  group_by = "team"
}`, "teams"},
	} {
		t.Run(tc.attribute+" of "+strings.Fields(tc.body)[1], func(t *testing.T) {
			accTest(t, resource.TestCase{Steps: []resource.TestStep{{
				Config:      providerConfig(srv, appGood, keyFile(appGood)) + tc.body,
				ExpectError: regexpMust(`(?s)Team not found.*with data\.dxgh_\w+\.test.*` + tc.attribute + ` += \["platfrm"\].*"platfrm"\. The closest:\s+"platform"`),
			}}})
		})
	}
}
