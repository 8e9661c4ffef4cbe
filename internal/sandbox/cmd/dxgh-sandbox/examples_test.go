//go:build unix

package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Every runnable example under examples/ (a directory whose configuration
// has a required_providers block), copied to a new directory as a user
// would: terraform fmt clean, valid, and applied against `make sandbox`
// without terraform init. TF_VAR_until ends the windows of the examples that
// take it where the oracle's 30-day window ends, moved as the sandbox moved
// the dates, so their figures are the oracle's.
func TestExamplesApplyAgainstMakeSandbox(t *testing.T) {
	want := oracle(t, "named_prod_30d")
	before := time.Now()
	ms := startMakeSandbox(t)
	shift := rebaseShift(t, time.Now())
	if shift != rebaseShift(t, before) {
		t.Fatal("the day (UTC) changed while the sandbox started, so its shift is not known; run the test again")
	}
	until := "TF_VAR_until=" + want.Inputs.Until.Add(shift).Format(time.RFC3339)

	checks := map[string]func(t *testing.T, outs map[string]any){
		"compare-periods": func(t *testing.T, outs map[string]any) { checkComparePeriods(t, outs, want) },
		"team-rollup":     func(t *testing.T, outs map[string]any) { checkTeamRollup(t, outs, want) },
	}
	dirs := runnableExamples(t)
	for name := range checks {
		if !slices.Contains(dirs, name) {
			t.Errorf("examples/%s is not a runnable example (no required_providers)", name)
		}
	}
	for _, name := range dirs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			files, _ := filepath.Glob(filepath.Join(repoRoot, "examples", name, "*.tf"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, filepath.Base(f)), string(data))
			}
			ms.shell(t, dir, "terraform fmt -check -diff && terraform validate -no-color && terraform apply -input=false -no-color -auto-approve", until)
			if check := checks[name]; check != nil {
				check(t, ms.terraformOutputs(t, dir))
			}
		})
	}
}

func runnableExamples(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(repoRoot, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		files, _ := filepath.Glob(filepath.Join(repoRoot, "examples", e.Name(), "*.tf"))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), "required_providers") {
				dirs = append(dirs, e.Name())
				break
			}
		}
	}
	return dirs
}

// The later period is the oracle's window; each change is the later figure
// less the earlier one, and the earlier period has deployments too.
func checkComparePeriods(t *testing.T, outs map[string]any, want oracleScenario) {
	t.Helper()
	c := outs["comparison"]
	for figure, last := range map[string]float64{
		"successful_count":     float64(want.SuccessfulCount),
		"failed_count":         float64(want.FailedCount),
		"deployment_days":      float64(want.Frequency.DeploymentDays),
		"median_days_per_week": want.Frequency.MedianDaysPerWeek,
	} {
		if got := path(c, figure, "last"); got != last {
			t.Errorf("comparison.%s.last = %v, want %v", figure, got, last)
		}
	}
	for _, figure := range []string{"successful_count", "failed_count", "per_week", "deployment_days", "median_days_per_week"} {
		last, _ := path(c, figure, "last").(float64)
		previous, ok := path(c, figure, "previous").(float64)
		change, _ := path(c, figure, "change").(float64)
		if !ok || math.Abs(change-(last-previous)) > 1e-9 {
			t.Errorf("comparison.%s: previous %v, last %v, change %v", figure, path(c, figure, "previous"), last, change)
		}
	}
	if p, _ := path(c, "successful_count", "previous").(float64); p == 0 {
		t.Errorf("the previous 30 days have no successful deployments: %v", c)
	}
	if got := path(outs["dora_tier"], "last"); got != want.Frequency.DoraTier {
		t.Errorf("dora_tier.last = %v, want %s", got, want.Frequency.DoraTier)
	}
	if r, _ := outs["report"].(string); !strings.Contains(r, "successful_count") || !strings.Contains(r, "dora_tier") {
		t.Errorf("report:\n%s", r)
	}
}

// Each team's figures are the oracle's groups of the 30-day window grouped
// by team (group_scenarios.group_team_30d), with the same teams, and the
// repositories no team can access are its ungrouped ones.
func checkTeamRollup(t *testing.T, outs map[string]any, _ oracleScenario) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sandbox.ExampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		Groups map[string]struct {
			Groups map[string]struct {
				SuccessfulCount float64 `json:"successful_count"`
				FailedCount     float64 `json:"failed_count"`
				Frequency       struct {
					DoraTier string `json:"dora_tier"`
				} `json:"frequency"`
			} `json:"groups"`
			Ungrouped []any `json:"ungrouped_repositories"`
		} `json:"group_scenarios"`
	}
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	want, ok := all.Groups["group_team_30d"]
	if !ok || len(want.Groups) == 0 {
		t.Fatal("oracle.json has no group_scenarios.group_team_30d groups")
	}
	got, _ := outs["teams"].(map[string]any)
	if len(got) != len(want.Groups) {
		t.Fatalf("teams output has %d teams, the oracle %d: %v", len(got), len(want.Groups), got)
	}
	for slug, g := range want.Groups {
		if n := path(got, slug, "successful_count"); n != g.SuccessfulCount {
			t.Errorf("team %s: successful_count %v, want %v", slug, n, g.SuccessfulCount)
		}
		if n := path(got, slug, "failed_count"); n != g.FailedCount {
			t.Errorf("team %s: failed_count %v, want %v", slug, n, g.FailedCount)
		}
		if tier := path(got, slug, "dora_tier"); tier != g.Frequency.DoraTier {
			t.Errorf("team %s: dora_tier %v, want %s", slug, tier, g.Frequency.DoraTier)
		}
		if n, _ := path(got, slug, "repositories").(float64); n < 1 {
			t.Errorf("team %s: %v repositories", slug, path(got, slug, "repositories"))
		}
	}
	if u, _ := outs["no_team"].([]any); !slices.Equal(u, want.Ungrouped) {
		t.Errorf("no_team = %v, want %v", outs["no_team"], want.Ungrouped)
	}
	if r, _ := outs["report"].(string); !strings.Contains(r, "lead time") {
		t.Errorf("report:\n%s", r)
	}
}
