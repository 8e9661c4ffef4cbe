//go:build unix

package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// `make demo` (examples/demo/run.sh) as a newcomer runs it: the report's
// sections are there and agree with each other. Its dates move with the
// clock (the sandbox is rebased to now), so the checks are relations
// between the printed figures, never the figures themselves.
func TestMakeDemoReportExplainsTheTier(t *testing.T) {
	testenv.RequireTerraform(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("examples", "demo", "run.sh"))
	cmd.Dir = repoRoot
	// The go running this test builds the provider, whatever GOTOOLCHAIN says.
	cmd.Env = append(cleanEnv(), "GOTOOLCHAIN="+runtime.Version())
	start := time.Now()
	raw, err := cmd.CombinedOutput()
	out := string(raw)
	if err != nil {
		t.Fatalf("make demo: %v\n%s", err, out)
	}
	t.Logf("make demo took %s", time.Since(start).Round(100*time.Millisecond))

	checkDemoVerification(t, out)
	tier, median := demoFrequency(t, out)
	successful := atoi(t, mustFind(t, out, `successful (\d+), failed`))
	checkDemoWeekly(t, section(t, out, "Weekly ("), tier, median, successful)
	checkDemoDaily(t, section(t, out, "Daily ("), out, successful)
	checkDemoRepositories(t, section(t, out, "By repository"), atoi(t, mustFind(t, out, `repositories in scope: (\d+)`)))
	checkDemoDORA(t, section(t, out, "DORA keys"), tier)
}

// The connection's verification as the plan printed it: what it found, and
// its warnings or that there were none.
func checkDemoVerification(t *testing.T, out string) {
	t.Helper()
	_, afterPlan, ok1 := strings.Cut(out, "==> terraform plan")
	plan, _, ok2 := strings.Cut(afterPlan, "==> terraform apply")
	if !ok1 || !ok2 {
		t.Fatalf("make demo printed no verification from a terraform plan before applying:\n%s", out)
	}
	for _, want := range []string{"dxgh_connection.demo will be created", `account              = "acme"`, "repository_count", "Plan: 1 to add"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the verification lines from the plan lack %q:\n%s", want, plan)
		}
	}
	if !strings.Contains(plan, "no warnings") && !strings.Contains(plan, "Warning: ") {
		t.Errorf("the plan's verification says neither that there were no warnings nor what they were:\n%s", plan)
	}
}

func demoFrequency(t *testing.T, out string) (string, float64) {
	t.Helper()
	tier := strings.ToLower(mustFind(t, out, `DORA tier: ([A-Z]+) `))
	median, err := strconv.ParseFloat(mustFind(t, out, `median deployment days per week ([0-9.]+)`), 64)
	if err != nil {
		t.Fatal(err)
	}
	return tier, median
}

var weekRow = regexp.MustCompile(`^  (\d{4}-\d\d-\d\d) +(\d+) +(\d+) +(\d+)  ([#.]+)(.*)$`)

// The weekly chart is the blocks the tier comes from: their median, without
// the dropped block, is the printed median, the caret marks it, and the
// tier follows from it.
func checkDemoWeekly(t *testing.T, lines []string, tier string, median float64, successful int) {
	t.Helper()
	var rows [][]string
	var caret string
	for _, line := range lines {
		if m := weekRow.FindStringSubmatch(line); m != nil {
			rows = append(rows, m)
		} else if strings.Contains(line, "^ median") {
			caret = line
		}
	}
	if len(rows) == 0 {
		t.Fatalf("no weekly rows in\n%s", strings.Join(lines, "\n"))
	}
	var counted []int
	total := 0
	for i, m := range rows {
		days, deploymentDays, n := atoi(t, m[2]), atoi(t, m[3]), atoi(t, m[4])
		dropped := strings.Contains(m[6], "dropped")
		if len(m[5]) != 2*days || strings.Count(m[5], "#") != 2*deploymentDays {
			t.Errorf("week %s: bar %q does not show %d of %d days", m[1], m[5], deploymentDays, days)
		}
		if partial := strings.Contains(m[6], "partial"); partial != (days < 7) {
			t.Errorf("week %s of %d days: marked partial %t", m[1], days, partial)
		}
		// Only a trailing partial block beside others is dropped.
		if wantDropped := days < 7 && i == len(rows)-1 && len(rows) > 1; dropped != wantDropped || days > 7 {
			t.Errorf("week %s (%d of %d, %d days) marked dropped %t", m[1], i+1, len(rows), days, dropped)
		}
		total += n
		if !dropped {
			counted = append(counted, deploymentDays)
		}
	}
	if total != successful {
		t.Errorf("the weeks add up to %d successful deployments, the window has %d", total, successful)
	}
	if got := medianOf(counted); got != median {
		t.Errorf("the median of the counted weeks %v is %v, the report says %v", counted, got, median)
	}
	barAt := strings.Index(lines[slices.IndexFunc(lines, weekRow.MatchString)], rows[0][5])
	wantCaret := barAt + max(0, int(2*median)-1)
	if strings.Index(caret, "^") != wantCaret || !strings.Contains(caret, "median "+strconv.FormatFloat(median, 'g', -1, 64)+" ") ||
		!strings.HasSuffix(caret, strings.ToUpper(tier)) {
		t.Errorf("the median line %q should put its caret at column %d and say median %v, %s", caret, wantCaret, median, strings.ToUpper(tier))
	}
	switch {
	case median >= 3 && tier != "elite", median >= 1 && median < 3 && tier != "high", median < 1 && tier != "medium" && tier != "low":
		t.Errorf("median %v but tier %s", median, tier)
	}
}

func medianOf(values []int) float64 {
	s := slices.Sorted(slices.Values(values))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return float64(s[len(s)/2])
	}
	return float64(s[len(s)/2-1]+s[len(s)/2]) / 2
}

var dayRow = regexp.MustCompile(`^  (\d{4}-\d\d-\d\d) +(\d+)`)

// The daily chart: every day's count adds up to the window's, and the first
// and last days say so when the window does not cover them whole (the demo's
// time_zone is UTC).
func checkDemoDaily(t *testing.T, lines []string, out string, successful int) {
	t.Helper()
	window := regexp.MustCompile(`Production deployments, (\S+) \.\. (\S+)`).FindStringSubmatch(out)
	if window == nil {
		t.Fatalf("no window in\n%s", out)
	}
	days := lines[1:]
	wantPartial := map[int]bool{0: !strings.HasSuffix(window[1], "T00:00:00Z"), len(days) - 1: !strings.HasSuffix(window[2], "T00:00:00Z")}
	total := 0
	for i, line := range days {
		m := dayRow.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a day: %q", line)
		}
		total += atoi(t, m[2])
		if partial := strings.Contains(line, "(partial day"); partial != wantPartial[i] {
			t.Errorf("day %d of %d of %s .. %s marked partial %t: %q", i+1, len(days), window[1], window[2], partial, line)
		}
	}
	if total != successful {
		t.Errorf("the days add up to %d successful deployments, the window has %d", total, successful)
	}
}

var repoRow = regexp.MustCompile(`^  (\S+/\S+) +(\d+) +\d+\.\d$`)

// Repositories: busiest first, and, with the ones no output names, as many
// as the connection has in scope.
func checkDemoRepositories(t *testing.T, lines []string, inScope int) {
	t.Helper()
	listed, more, last := 0, 0, -1
	for _, line := range lines[1:] {
		if m := repoRow.FindStringSubmatch(line); m != nil {
			n := atoi(t, m[2])
			if last >= 0 && n > last {
				t.Errorf("%q is after a repository with fewer (%d) deployments", line, last)
			}
			listed, last = listed+1, n
			continue
		}
		if m := regexp.MustCompile(`and (\d+) more in scope`).FindStringSubmatch(line); m != nil {
			more = atoi(t, m[1])
		}
	}
	if listed+more != inScope {
		t.Errorf("%d repositories listed and %d more, but %d in scope:\n%s", listed, more, inScope, strings.Join(lines, "\n"))
	}
}

// The four DORA keys and rework rate, deployment frequency's tier the same
// as dxgh_deployments'.
func checkDemoDORA(t *testing.T, lines []string, tier string) {
	t.Helper()
	body := strings.Join(lines, "\n")
	for _, key := range []string{"deployment frequency", "change lead time", "change failure rate", "failed deployment recovery", "rework rate"} {
		if !regexp.MustCompile(`(?m)^  ` + key + ` .*\d`).MatchString(body) {
			t.Errorf("no %s line with a figure in\n%s", key, body)
		}
	}
	if !regexp.MustCompile(`(?m)^  deployment frequency +` + strings.ToUpper(tier) + ` `).MatchString(body) {
		t.Errorf("deployment frequency's tier is not %s:\n%s", strings.ToUpper(tier), body)
	}
}

// section is the report's lines from the one starting with title to the
// next blank line.
func section(t *testing.T, out, title string) []string {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, title) {
			end := i + 1
			for end < len(lines) && strings.TrimSpace(lines[end]) != "" {
				end++
			}
			return lines[i:end]
		}
	}
	t.Fatalf("no section %q in the report:\n%s", title, out)
	return nil
}

func mustFind(t *testing.T, out, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the report has no %q:\n%s", pattern, out)
	}
	return m[1]
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
