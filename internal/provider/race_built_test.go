package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// raceBuiltRepos is the size of the organisation the race-built provider
// reads: enough repositories that every fan-out (repositories, pages,
// GraphQL batches of 100) runs many goroutines at once.
const raceBuiltRepos = 400

// The provider binary built with the race detector, run by real terraform
// as a user runs it (dev_overrides, TF_LOG=trace, max_concurrency = 50),
// reads 400 repositories in both API modes at once: environments,
// production deployments by name and by flag, and the DORA keys, with 10%
// of requests failing and each installation's REST and GraphQL budget
// running out partway and resetting. GORACE makes the first data race end
// the plugin, which terraform reports as a crash; any "DATA RACE", panic
// or fatal error in the plugin's output fails the test too. Every figure
// must still be the organisation's own: faults and waits change no number;
// and no key or token is in the trace.
func TestRaceBuiltProvider_concurrentReadsUnderFaults(t *testing.T) {
	testenv.RequireTerraform(t)
	testenv.RequireTool(t, "gcc", "the race detector needs cgo")
	if testing.Short() {
		t.Skip("builds the provider with -race and reads 400 repositories twice")
	}
	pub, err := os.ReadFile(filepath.Join(exampleOrgDir(), "app.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	until := time.Now().UTC().Truncate(24 * time.Hour)
	since := until.AddDate(0, 0, -30)
	fixture := orggen.Generate(orggen.Spec{Org: "race", Repos: raceBuiltRepos, Seed: 24, Start: until.AddDate(0, 0, -90), End: until,
		DeploymentsPerRepo: 12, MaxStatuses: 3, AppID: appGood, PublicKeyPEM: string(pub)})
	want := productionInWindow(fixture, since, until)
	if want.named.total == 0 || want.flag.total == 0 {
		t.Fatalf("the organisation has no production deployment in the window: %+v", want)
	}

	faults := sandbox.Faults{Seed: 24, ServerErrorRate: 0.06, ResetRate: 0.02, SecondaryRateLimitRate: 0.02, RetryAfter: time.Second,
		PrimaryLimitAfter: 400, GraphQLPrimaryLimitAfter: 6, PrimaryResetAfter: 2 * time.Second}
	servers := map[string]*sandbox.Server{}
	for _, api := range []string{"rest", "graphql"} {
		servers[api] = sandbox.ServeTest(t, fixture, sandbox.Options{Faults: faults})
	}

	dir := t.TempDir()
	cliConfig := buildDevProvider(t, dir, "-race")
	work := filepath.Join(dir, "work")
	var config strings.Builder
	config.WriteString(`terraform {
  required_providers {
    dxgh = { source = "dxgh/dxgh" }
  }
}
`)
	for api, srv := range servers {
		fmt.Fprintf(&config, `
provider "dxgh" {
  alias               = %[1]q
  app_id              = "%[2]d"
  private_key_file    = %[3]q
  base_url            = %[4]q
  api                 = %[1]q
  max_concurrency     = 50
  max_rate_limit_wait = "10m"
}

data "dxgh_environments" "%[1]s" {
  provider = dxgh.%[1]s
}

data "dxgh_deployments" "named_%[1]s" {
  provider            = dxgh.%[1]s
  import_settings     = { production_environments = ["production"] }
  since               = %[5]q
  until               = %[6]q
  include_deployments = false
}

data "dxgh_deployments" "flag_%[1]s" {
  provider            = dxgh.%[1]s
  since               = %[5]q
  until               = %[6]q
  include_deployments = false
}

data "dxgh_dora_metrics" "%[1]s" {
  provider        = dxgh.%[1]s
  import_settings = { production_environments = ["production"] }
  since           = %[5]q
  until           = %[6]q
}

output "%[1]s" {
  value = {
    environments = length(data.dxgh_environments.%[1]s.names)
    named        = [data.dxgh_deployments.named_%[1]s.total_count, data.dxgh_deployments.named_%[1]s.successful_count]
    flag         = [data.dxgh_deployments.flag_%[1]s.total_count, data.dxgh_deployments.flag_%[1]s.successful_count]
    dora         = data.dxgh_dora_metrics.%[1]s.deployment_frequency.per_day
  }
}
`, api, appGood, keyFile(appGood), srv.URL(), since.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	mustWrite(t, filepath.Join(work, "main.tf"), config.String())

	logPath := filepath.Join(dir, "trace.log")
	cmd := exec.Command("terraform", "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir = work
	cmd.Env = append(envWithout(os.Environ(), "DXGH_", "TF_LOG", "GORACE"),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_LOG=TRACE", "TF_LOG_PATH="+logPath, "GORACE=halt_on_error=1 exitcode=66")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	runErr := cmd.Run()
	trace, _ := os.ReadFile(logPath)
	for _, sign := range []string{"WARNING: DATA RACE", "panic:", "fatal error:", "plugin crashed"} {
		for _, out := range [][]byte{stdout.Bytes(), stderr.Bytes(), trace} {
			if i := bytes.Index(out, []byte(sign)); i >= 0 {
				t.Errorf("the race-built provider reported %q:\n%.6000s", sign, out[i:])
				break
			}
		}
	}
	if runErr != nil {
		t.Fatalf("terraform apply: %v\nstdout:\n%.4000s\nstderr:\n%.4000s", runErr, stdout.Bytes(), stderr.Bytes())
	}

	out := exec.Command("terraform", "output", "-json")
	out.Dir = work
	out.Env = cmd.Env
	raw, err := out.Output()
	if err != nil {
		t.Fatalf("terraform output: %v", err)
	}
	var outputs map[string]struct {
		Value struct {
			Environments int      `json:"environments"`
			Named        []int    `json:"named"`
			Flag         []int    `json:"flag"`
			DORA         *float64 `json:"dora"`
		} `json:"value"`
	}
	if err := json.Unmarshal(raw, &outputs); err != nil {
		t.Fatal(err)
	}
	for api, srv := range servers {
		got := outputs[api].Value
		if fmt.Sprint(got.Named) != fmt.Sprint([]int{want.named.total, want.named.successful}) {
			t.Errorf("api = %q: production deployments by name (total, successful) = %v, the organisation has %v", api, got.Named, want.named)
		}
		if fmt.Sprint(got.Flag) != fmt.Sprint([]int{want.flag.total, want.flag.successful}) {
			t.Errorf("api = %q: production deployments by flag (total, successful) = %v, the organisation has %v", api, got.Flag, want.flag)
		}
		wantPerDay := float64(want.named.successful) / until.Sub(since).Hours() * 24
		if got.DORA == nil || *got.DORA < wantPerDay-1e-9 || *got.DORA > wantPerDay+1e-9 {
			t.Errorf("api = %q: dxgh_dora_metrics deployment_frequency.per_day = %v, want %v", api, got.DORA, wantPerDay)
		}
		if got.Environments != outputs["rest"].Value.Environments || got.Environments == 0 {
			t.Errorf("api = %q: %d environment names, rest mode %d", api, got.Environments, outputs["rest"].Value.Environments)
		}
		faultsServed := 0
		for k, n := range srv.Counts() {
			if strings.HasPrefix(k, "fault: ") {
				faultsServed += n
			}
		}
		if faultsServed == 0 {
			t.Errorf("api = %q: the sandbox injected no fault: the test shows nothing about faults", api)
		}
	}
	// The budgets ran out and reset: the provider waited for them.
	for _, want := range []string{"waiting for GitHub rate limit", "limit=primary", "GitHub request", "GitHub GraphQL query"} {
		if !bytes.Contains(trace, []byte(want)) {
			t.Errorf("the trace log lacks %s", want)
		}
	}
	// At TRACE, with 50 requests at once, no key or token reached the log.
	keyPEM, err := os.ReadFile(keyFile(appGood))
	if err != nil {
		t.Fatal(err)
	}
	secrets := newSecretSet(string(keyPEM))
	issued := 0
	for _, srv := range servers {
		for _, tok := range srv.IssuedTokens() {
			secrets.add("an installation token", tok)
			issued++
		}
	}
	if issued == 0 {
		t.Error("the sandboxes issued no installation token")
	}
	for name, b := range map[string][]byte{"trace log": trace, "stdout": stdout.Bytes(), "stderr": stderr.Bytes()} {
		for _, leak := range secrets.find(b) {
			t.Errorf("%s: %s", name, leak)
		}
	}
	t.Logf("terraform apply with the race-built provider: %s, %d bytes of trace", time.Since(start).Round(time.Second), len(trace))
}

// windowCounts are a way of choosing production deployments, counted from
// the fixture: those created in the window, and those of them that reached
// success.
type windowCounts struct{ total, successful int }

// productionInWindow counts the fixture's production deployments in
// [since, until) in the repositories in scope by default (private, not
// archived, not forked): by the name "production" (case-insensitive) and
// by GitHub's production_environment flag.
func productionInWindow(f *sandbox.Fixture, since, until time.Time) (out struct{ named, flag windowCounts }) {
	for _, r := range f.Repositories {
		if r.Archived || r.Fork || r.Visibility == "public" {
			continue
		}
		for _, d := range r.Deployments {
			if d.CreatedAt.Before(since) || !d.CreatedAt.Before(until) {
				continue
			}
			ok := false
			for _, s := range d.Statuses {
				ok = ok || s.State == "success"
			}
			count := func(c *windowCounts) {
				c.total++
				if ok {
					c.successful++
				}
			}
			if strings.EqualFold(d.Environment, "production") {
				count(&out.named)
			}
			if d.ProductionEnvironment {
				count(&out.flag)
			}
		}
	}
	return out
}
