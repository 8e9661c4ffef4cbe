//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// repoRoot is the repository's top directory, from this package's.
const repoRoot = "../../../.."

// makeSandbox is a running `make sandbox`: the lines it printed for a person
// to paste into another shell.
type makeSandbox struct {
	exports []string // the `export NAME=value` lines, in order
	stop    func()   // stops it as Ctrl-C does, and waits
}

// startMakeSandbox runs `make sandbox` as a newcomer does, with args as its
// ARGS, building the provider into a temporary SANDBOX_DIR instead of
// .cache/sandbox so that tests leave the checkout alone.
func startMakeSandbox(t *testing.T, args ...string) *makeSandbox {
	t.Helper()
	testenv.RequireTerraform(t)
	testenv.RequireTool(t, "make", "it runs `make sandbox` as the README says")
	cmd := exec.Command("make", "-s", "--no-print-directory", "sandbox",
		"SANDBOX_DIR="+t.TempDir(), "ARGS="+strings.Join(args, " "))
	cmd.Dir = repoRoot
	// Its own process group, so that stopping reaches make, go run and the
	// sandbox, as Ctrl-C in a terminal does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		go func() {
			for range lines { // drain, so the scanner goroutine ends
			}
		}()
		go func() { _ = cmd.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
			t.Errorf("make sandbox did not stop within 15 s of SIGINT")
		}
	}
	t.Cleanup(stop)

	var printed []string
	timeout := time.After(5 * time.Minute) // a first build of the provider
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				stop()
				t.Fatalf("make sandbox exited before \"sandbox ready\":\n%s\n%s", strings.Join(printed, "\n"), stderr.String())
			}
			printed = append(printed, line)
			if line == "sandbox ready" {
				ms := &makeSandbox{stop: stop}
				for _, l := range printed {
					if strings.HasPrefix(l, "export ") {
						ms.exports = append(ms.exports, l)
					}
				}
				return ms
			}
		case <-timeout:
			stop()
			t.Fatalf("make sandbox was not ready after 5 minutes:\n%s\n%s", strings.Join(printed, "\n"), stderr.String())
		}
	}
}

// shell runs script in bash in dir after the sandbox's export lines, with
// none of the variables they set inherited from the test's environment: what
// a newcomer's second shell does after pasting them.
func (ms *makeSandbox) shell(t *testing.T, dir, script string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	full := "set -eu\n" + strings.Join(ms.exports, "\n") + "\ncd " + shellQuote(dir) + "\n" + script
	cmd := exec.CommandContext(ctx, "bash", "-c", full)
	cmd.Env = append(cleanEnv(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v running\n%s\n%s", err, script, out)
	}
	return string(out)
}

// cleanEnv is the test's environment without what would change how
// Terraform or the provider behaves, so the export lines alone decide.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "DXGH_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "CHECKPOINT_DISABLE=1")
}

// exported is the value the export lines give name, as bash reads them.
func (ms *makeSandbox) exported(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSuffix(ms.shell(t, t.TempDir(), `printf '%s\n' "$`+name+`"`), "\n")
}

// terraformOutputs runs `terraform output -json` and returns each output's value.
func (ms *makeSandbox) terraformOutputs(t *testing.T, dir string) map[string]any {
	t.Helper()
	var outs map[string]struct {
		Value any `json:"value"`
	}
	raw := ms.shell(t, dir, "terraform output -json")
	if err := json.Unmarshal([]byte(raw), &outs); err != nil {
		t.Fatalf("terraform output -json: %v\n%s", err, raw)
	}
	values := map[string]any{}
	for name, o := range outs {
		values[name] = o.Value
	}
	return values
}

// oracleScenario is the example organisation's oracle for one scenario
// (internal/sandbox/testdata/example-org/oracle.json), the fields used here.
type oracleScenario struct {
	Inputs struct {
		Since time.Time `json:"since"`
		Until time.Time `json:"until"`
	} `json:"inputs"`
	TotalCount      int            `json:"total_count"`
	SuccessfulCount int            `json:"successful_count"`
	FailedCount     int            `json:"failed_count"`
	RepositoryCount int            `json:"repository_count"`
	ByRepository    map[string]int `json:"by_repository"`
	Frequency       struct {
		DeploymentDays    int     `json:"deployment_days"`
		MedianDaysPerWeek float64 `json:"median_days_per_week"`
		DoraTier          string  `json:"dora_tier"`
	} `json:"frequency"`
}

func oracle(t *testing.T, scenario string) oracleScenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sandbox.ExampleOrgDir(), "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]oracleScenario
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	sc, ok := all[scenario]
	if !ok {
		t.Fatalf("oracle.json has no scenario %q", scenario)
	}
	return sc
}

// rebaseShift is how far -rebase-to-now moves the example organisation's
// dates at now: whole days, so that a window moved by as much holds exactly
// what the fixture's own window holds.
func rebaseShift(t *testing.T, now time.Time) time.Duration {
	t.Helper()
	f, err := sandbox.LoadFixture(filepath.Join(sandbox.ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	before := newestDeployment(f)
	f.Rebase(now)
	return newestDeployment(f).Sub(before)
}

func newestDeployment(f *sandbox.Fixture) time.Time {
	var newest time.Time
	for _, r := range f.Repositories {
		for _, d := range r.Deployments {
			if d.CreatedAt.After(newest) {
				newest = d.CreatedAt
			}
		}
	}
	return newest
}

// path walks a decoded JSON value by keys.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
