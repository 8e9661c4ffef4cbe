//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The README's path after `make demo`: `make sandbox`, paste the four lines
// it prints into another shell, write the README's configuration in a new
// directory, and `terraform plan` (no `terraform init`) then `terraform
// apply`. By default the sandbox moves the example organisation's dates so
// that its newest deployment was yesterday: the fixture's 30-day window moved
// by as many whole days holds exactly what the oracle computed for it. With
// ARGS=-rebase-to-now=false the fixture's own window does.
func TestMakeSandboxThenTheREADMEConfigurationPlans(t *testing.T) {
	want := oracle(t, "named_prod_30d") // production_environments = ["production"], as the README's
	for _, tc := range []struct {
		name    string
		args    []string
		rebased bool
	}{
		{name: "dates moved to now by default", rebased: true},
		{name: "ARGS=-rebase-to-now=false keeps the fixture's dates", args: []string{"-rebase-to-now=false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now()
			ms := startMakeSandbox(t, tc.args...)
			var shift time.Duration
			if tc.rebased {
				if shift = rebaseShift(t, time.Now()); shift != rebaseShift(t, before) {
					t.Fatal("the day (UTC) changed while the sandbox started, so its shift is not known; run the test again")
				}
			}
			names := []string{}
			for _, line := range ms.exports {
				name, _, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
				names = append(names, name)
			}
			if got := strings.Join(names, " "); got != "DXGH_BASE_URL DXGH_APP_ID DXGH_PRIVATE_KEY_FILE TF_CLI_CONFIG_FILE" {
				t.Fatalf("make sandbox printed export lines for %s, want the three DXGH_* and TF_CLI_CONFIG_FILE:\n%s", got, strings.Join(ms.exports, "\n"))
			}

			dir := t.TempDir()
			readme := readmeConfiguration(t)
			connection := regexp.MustCompile(`resource "dxgh_connection" "(\w+)"`).FindStringSubmatch(readme)
			if connection == nil {
				t.Fatalf("the README's configuration has no dxgh_connection:\n%s", readme)
			}
			writeFile(t, filepath.Join(dir, "main.tf"), readme)
			// The oracle's window, moved as the sandbox moved the dates.
			writeFile(t, filepath.Join(dir, "window_test.tf"), `
variable "since" { type = string }
variable "until" { type = string }

data "dxgh_deployments" "window" {
  import_settings = dxgh_connection.`+connection[1]+`.import_settings
  since           = var.since
  until           = var.until
}

output "window" {
  value = data.dxgh_deployments.window
}
`)
			since := want.Inputs.Since.Add(shift).Format(time.RFC3339)
			until := want.Inputs.Until.Add(shift).Format(time.RFC3339)
			vars := []string{"TF_VAR_since=" + since, "TF_VAR_until=" + until}

			// No terraform init: with the dev override it is not needed.
			plan := ms.shell(t, dir, "terraform plan -input=false -no-color -out=tfplan && terraform show -json tfplan", vars...)
			if got := plannedConnection(t, plan)["repository_count"]; got != float64(want.RepositoryCount) {
				t.Errorf("the plan shows repository_count %v, want %d", got, want.RepositoryCount)
			}

			ms.shell(t, dir, "terraform apply -input=false -no-color -auto-approve tfplan", vars...)
			outs := ms.terraformOutputs(t, dir)
			w := outs["window"]
			for field, wantValue := range map[string]any{
				"since": since, "until": until,
				"total_count": float64(want.TotalCount), "successful_count": float64(want.SuccessfulCount),
				"failed_count": float64(want.FailedCount),
			} {
				if got := path(w, field); got != wantValue {
					t.Errorf("%s..%s: %s = %v, want %v (the oracle's, moved %g days)", since, until, field, got, wantValue, shift.Hours()/24)
				}
			}
			if got := path(w, "frequency", "dora_tier"); got != want.Frequency.DoraTier {
				t.Errorf("%s..%s: dora_tier %v, want %s", since, until, got, want.Frequency.DoraTier)
			}
			if tc.rebased {
				// The README's own last 30 days end now: with current dates,
				// the example organisation's tier.
				if got := path(outs["frequency"], "dora_tier"); got != "elite" {
					t.Errorf("the README's output frequency.dora_tier = %v, want elite (outputs: %v)", got, outs)
				}
			}

			// Ctrl-C removes the files the lines point at.
			files := []string{ms.exported(t, "DXGH_PRIVATE_KEY_FILE"), ms.exported(t, "TF_CLI_CONFIG_FILE")}
			ms.stop()
			for _, f := range files {
				if _, err := os.Stat(f); !os.IsNotExist(err) {
					t.Errorf("%s is still there after the sandbox stopped (%v)", f, err)
				}
			}
		})
	}
}

// readmeConfiguration is the README's configuration: its first HCL block
// with a required_providers block.
func readmeConfiguration(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range regexp.MustCompile("(?s)```(?:hcl|terraform)\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if strings.Contains(block[1], "required_providers") {
			if !strings.Contains(block[1], `source = "dxgh/dxgh"`) {
				t.Fatalf("the README's required_providers block does not say source = \"dxgh/dxgh\":\n%s", block[1])
			}
			return block[1]
		}
	}
	t.Fatal("README.md has no hcl block with required_providers")
	return ""
}

// plannedConnection is the dxgh_connection's planned values in
// `terraform show -json` output (the last line of out).
func plannedConnection(t *testing.T, out string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var plan struct {
		ResourceChanges []struct {
			Type   string `json:"type"`
			Change struct {
				After map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &plan); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Type == "dxgh_connection" {
			return rc.Change.After
		}
	}
	t.Fatalf("the plan has no dxgh_connection:\n%s", out)
	return nil
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
