//go:build unix

package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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

// Each team's successful deployments are the oracle's for its repositories
// added up (the teams as examples/team-rollup/main.tf defines them); the
// payments team's repositories are the oracle's narrowed_high scenario.
func checkTeamRollup(t *testing.T, outs map[string]any, want oracleScenario) {
	t.Helper()
	teams := map[string][]string{
		"core":     {"acme/api", "acme/search"},
		"data":     {"acme/data-pipeline", "acme-labs/ml-platform", "acme-labs/experiments"},
		"payments": {"acme/payments", "acme/infra"},
		"web":      {"acme/web", "acme/customer-portal", "acme/mobile-backend"},
	}
	got, _ := outs["teams"].(map[string]any)
	if len(got) != len(teams) {
		t.Fatalf("teams output has %d teams, want %d: %v", len(got), len(teams), got)
	}
	for team, repos := range teams {
		sum := 0
		for _, r := range repos {
			sum += want.ByRepository[r]
		}
		if n := path(got, team, "successful_count"); n != float64(sum) {
			t.Errorf("team %s: successful_count %v, want %d (the oracle's for %v)", team, n, sum, repos)
		}
		if n := path(got, team, "repositories"); n != float64(len(repos)) {
			t.Errorf("team %s: repositories %v, want %d", team, n, len(repos))
		}
	}
	high := oracle(t, "narrowed_high")
	if tier := path(got, "payments", "dora_tier"); tier != high.Frequency.DoraTier {
		t.Errorf("team payments: dora_tier %v, want %s", tier, high.Frequency.DoraTier)
	}
	if n := path(got, "payments", "successful_count"); n != float64(high.SuccessfulCount) {
		t.Errorf("team payments: successful_count %v, want %d (narrowed_high)", n, high.SuccessfulCount)
	}
}
