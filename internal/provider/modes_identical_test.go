package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
)

// identicalInModes compares, attribute by attribute, the state of each
// address (as the body names it) in every mode with its state in the first
// mode: the whole state of each, inputs and outputs, so an attribute added
// later is compared too.
func identicalInModes(modes []apiMode, addresses ...string) statecheck.StateCheck {
	return identicalCheck{modes: modes, addresses: addresses}
}

type identicalCheck struct {
	modes     []apiMode
	addresses []string
}

func (c identicalCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = errors.New("no state")
		return
	}
	values := map[string]map[string]any{}
	for _, r := range req.State.Values.RootModule.Resources {
		values[r.Address] = r.AttributeValues
	}
	var errs []error
	for _, address := range c.addresses {
		ref := c.modes[0]
		want, ok := values[ref.addr(address)]
		if !ok {
			errs = append(errs, fmt.Errorf("no %s in state", ref.addr(address)))
			continue
		}
		for _, m := range c.modes[1:] {
			got, ok := values[m.addr(address)]
			if !ok {
				errs = append(errs, fmt.Errorf("no %s in state", m.addr(address)))
				continue
			}
			if diffs := differences(address, want, got); len(diffs) > 0 {
				errs = append(errs, fmt.Errorf("%s differs between api modes %s and %s (%d differences):\n%s",
					address, ref.label, m.label, len(diffs), summarise(diffs, ref.label, m.label)))
			}
		}
	}
	resp.Error = errors.Join(errs...)
}

// difference is one value that two states disagree on.
type difference struct {
	path        string
	first, then any // missing: absent
}

type absent struct{}

func (absent) String() string { return "(absent)" }

// differences lists where b differs from a, both decoded JSON values, by
// path (deployments[3].creator).
func differences(path string, a, b any) []difference {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []difference
		for _, k := range sorted {
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inA:
				out = append(out, difference{path + "." + k, absent{}, y})
			case !inB:
				out = append(out, difference{path + "." + k, x, absent{}})
			default:
				out = append(out, differences(path+"."+k, x, y)...)
			}
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		var out []difference
		for i := 0; i < len(av) || i < len(bv); i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(av):
				out = append(out, difference{p, absent{}, bv[i]})
			case i >= len(bv):
				out = append(out, difference{p, av[i], absent{}})
			default:
				out = append(out, differences(p, av[i], bv[i])...)
			}
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []difference{{path, a, b}}
}

// summarise shows the first differences; a list shifted by one entry
// would otherwise print all of it.
func summarise(diffs []difference, first, then string) string {
	const shown = 10
	var out string
	for i, d := range diffs {
		if i == shown {
			out += fmt.Sprintf("  … and %d more\n", len(diffs)-shown)
			break
		}
		out += fmt.Sprintf("  %s: %s %v, %s %v\n", d.path, first, d.first, then, d.then)
	}
	return out
}

// bothModesBody reads everything the provider reports, through a
// connection whose verification reads environments, and both ways of
// naming production: by environment and by GitHub's flag.
func bothModesBody(production []string, since, until time.Time, timeZone string) string {
	return fmt.Sprintf(`
resource "dxgh_connection" "test" {
  name                    = "both modes"
  import_archived         = true
  import_public           = true
  import_forked           = true
  production_environments = %s
}

data "dxgh_environments" "all" {
  import_settings = dxgh_connection.test.import_settings
}

data "dxgh_deployments" "named" {
  import_settings     = dxgh_connection.test.import_settings
  since               = %q
  until               = %q
  time_zone           = %q
  include_deployments = true
}

data "dxgh_deployments" "flag" {
  import_settings = {
    import_archived = true
    import_public   = true
    import_forked   = true
  }
  since               = %q
  until               = %q
  time_zone           = %q
  include_deployments = true
}
`, hclList(production), since.Format(time.RFC3339), until.Format(time.RFC3339), timeZone,
		since.Format(time.RFC3339), until.Format(time.RFC3339), timeZone)
}

// bothModesAddresses are what bothModesBody declares.
var bothModesAddresses = []string{"dxgh_connection.test", "data.dxgh_environments.all", "data.dxgh_deployments.named", "data.dxgh_deployments.flag"}

// listsSomething fails unless each deployments data source of the first
// mode listed deployments: two empty reads are identical and show nothing.
func listsSomething(m apiMode, addresses ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, addr := range addresses {
			res, ok := s.RootModule().Resources[m.addr(addr)]
			if !ok {
				return fmt.Errorf("no %s in state", m.addr(addr))
			}
			if n, _ := strconv.Atoi(res.Primary.Attributes["deployments.#"]); n == 0 {
				return fmt.Errorf("%s lists no deployment: the comparison shows nothing", m.addr(addr))
			}
		}
		return nil
	}
}

// Every API mode gives the same state, attribute by attribute, for the
// connection, the environments and both kinds of deployments read, with no
// expectation written down: on the example organisation (every repository,
// 30 days in Berlin time) and on a generated one whose deployments have
// every ref and creator form GraphQL spells differently.
func TestAccBothModes_identicalOutputs(t *testing.T) {
	t.Run("example organisation", func(t *testing.T) {
		ms := exampleInEveryMode(t, sandbox.Options{})
		testIdenticalOutputs(t, ms, bothModesBody([]string{"production", "Prod-EU"}, orggen.ExampleEnd.AddDate(0, 0, -30), orggen.ExampleEnd, "Europe/Berlin"))
	})
	t.Run("generated organisation", func(t *testing.T) {
		pub, err := os.ReadFile(filepath.Join(exampleOrgDir(), "app.pub.pem"))
		if err != nil {
			t.Fatal(err)
		}
		end := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		start := end.AddDate(0, 0, -60)
		ms := inEveryMode(sandbox.Options{}, func(opts sandbox.Options) *sandbox.Server {
			f := orggen.Generate(orggen.Spec{Org: "gen", Repos: 30, Seed: 3, Start: start, End: end,
				DeploymentsPerRepo: 8, MaxStatuses: 4, AppID: appGood, PublicKeyPEM: string(pub)})
			return sandbox.ServeTest(t, everySpelling(f), opts)
		})
		testIdenticalOutputs(t, ms, bothModesBody([]string{"production"}, end.AddDate(0, 0, -30), end, "UTC"))
	})
}

func testIdenticalOutputs(t *testing.T, ms modeSandboxes, body string) {
	t.Helper()
	accParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            ms.config(body),
			ConfigStateChecks: []statecheck.StateCheck{identicalInModes(ms.modes(), bothModesAddresses...)},
			Check: resource.ComposeTestCheckFunc(ms.usedTheirAPIs(),
				listsSomething(ms[0].apiMode, "data.dxgh_deployments.named", "data.dxgh_deployments.flag")),
		}},
	})
}

// everySpelling gives a generated organisation's deployments, in turn,
// each form of ref and creator whose GraphQL spelling differs from REST's:
// refs/heads/ and refs/tags/ refs (GraphQL's Ref.name drops the prefix), a
// bare commit (no Ref in GraphQL), a bot (no "[bot]" in GraphQL) and no
// creator (REST's null, GraphQL's user ghost).
func everySpelling(f *sandbox.Fixture) *sandbox.Fixture {
	refs := []func(sha string) string{
		func(string) string { return "main" },
		func(string) string { return "refs/heads/main" },
		func(string) string { return "refs/tags/v1.4.0" },
		func(string) string { return "v2.0.1" },
		func(sha string) string { return sha },
	}
	creators := []string{"alice", "github-actions[bot]", "deploy-bot", "dependabot[bot]", ""}
	k := 0
	for i := range f.Repositories {
		for j := range f.Repositories[i].Deployments {
			d := &f.Repositories[i].Deployments[j]
			d.Ref = refs[k%len(refs)](d.SHA)
			d.Creator = creators[(k/len(refs))%len(creators)] // every pairing with a ref
			for s := range d.Statuses {
				d.Statuses[s].Creator = creators[(k+s)%len(creators)]
			}
			k++
		}
	}
	return f
}

// differences reports every value that differs, by path, and nothing for
// equal states: what the identical-outputs tests rely on.
func TestDifferences(t *testing.T) {
	a := map[string]any{"total_count": 3.0, "deployments": []any{
		map[string]any{"id": 1.0, "creator": "deploy-bot[bot]", "ref": "main"},
		map[string]any{"id": 2.0, "creator": nil, "ref": "v1"},
	}, "frequency": map[string]any{"dora_tier": "high"}}
	b := map[string]any{"total_count": 3.0, "deployments": []any{
		map[string]any{"id": 1.0, "creator": "deploy-bot", "ref": "main"},
	}, "frequency": map[string]any{"dora_tier": "high", "extra": true}}
	got := differences("x", a, b)
	want := []difference{
		{"x.deployments[0].creator", "deploy-bot[bot]", "deploy-bot"},
		{"x.deployments[1]", a["deployments"].([]any)[1], absent{}},
		{"x.frequency.extra", absent{}, true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("differences:\n got %v\nwant %v", got, want)
	}
	if d := differences("x", a, a); len(d) != 0 {
		t.Errorf("a state differs from itself: %v", d)
	}
	if d := differences("x", map[string]any{"n": nil}, map[string]any{"n": ""}); len(d) != 1 {
		t.Errorf("null and \"\" compare equal: %v", d)
	}
}
