package provider

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// planDiagnostic is a diagnostic line of `terraform plan -json`.
type planDiagnostic struct {
	Type       string `json:"type"`
	Diagnostic struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Range    struct {
			Start struct {
				Line int `json:"line"`
			} `json:"start"`
		} `json:"range"`
	} `json:"diagnostic"`
}

// planWarnings runs `terraform plan -json` on mainTF (see planDiagnostics),
// which must succeed, and returns its warnings.
func planWarnings(t *testing.T, srv *sandbox.Server, mainTF string) []planDiagnostic {
	t.Helper()
	diags, out, err := planDiagnostics(t, srv, mainTF)
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	var warnings []planDiagnostic
	for _, d := range diags {
		if d.Diagnostic.Severity == "warning" {
			warnings = append(warnings, d)
		}
	}
	return warnings
}

// planDiagnostics runs `terraform plan -json` on mainTF, with the provider
// built and pointed at through dev_overrides as a user's plan would run it
// (terraform-plugin-testing shows neither warnings nor how many errors
// there are), and returns its diagnostics, its output and its error.
func planDiagnostics(t *testing.T, srv *sandbox.Server, mainTF string) ([]planDiagnostic, []byte, error) {
	t.Helper()
	testenv.RequireTerraform(t)
	dir := t.TempDir()
	cliConfig := buildDevProvider(t, dir)
	work := filepath.Join(dir, "work")
	mustWrite(t, filepath.Join(work, "main.tf"), mainTF)
	plan := exec.Command("terraform", "plan", "-json", "-input=false")
	plan.Dir = work
	plan.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "DXGH_APP_ID=1001",
		"DXGH_PRIVATE_KEY_FILE="+keyFile(appGood), "DXGH_BASE_URL="+srv.URL(), "CHECKPOINT_DISABLE=1")
	out, err := plan.Output()
	var diags []planDiagnostic
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var d planDiagnostic
		if json.Unmarshal(sc.Bytes(), &d) == nil && d.Type == "diagnostic" {
			diags = append(diags, d)
		}
	}
	return diags, out, err
}

// wantWarning is a warning a plan must show: its summary, the line of
// main.tf it points at, and what its detail says.
type wantWarning struct {
	summary string
	line    int
	detail  []string
}

// checkWarnings checks that each wanted warning is there, once, and that
// no other warning has one of their summaries.
func checkWarnings(t *testing.T, warnings []planDiagnostic, want []wantWarning) {
	t.Helper()
	bySummary := map[string][]planDiagnostic{}
	for _, w := range warnings {
		bySummary[w.Diagnostic.Summary] = append(bySummary[w.Diagnostic.Summary], w)
	}
	wanted := map[string]int{}
	for _, c := range want {
		wanted[c.summary]++
	}
	for summary, n := range wanted {
		if got := len(bySummary[summary]); got != n {
			t.Errorf("%d warnings %q, want %d; warnings: %+v", got, summary, n, warnings)
		}
	}
	for _, c := range want {
		var w *planDiagnostic
		for i, cand := range bySummary[c.summary] {
			if cand.Diagnostic.Range.Start.Line == c.line {
				w = &bySummary[c.summary][i]
			}
		}
		if w == nil {
			t.Errorf("no warning %q on line %d (the attribute); warnings: %+v", c.summary, c.line, bySummary[c.summary])
			continue
		}
		for _, s := range c.detail {
			if !strings.Contains(w.Diagnostic.Detail, s) {
				t.Errorf("%q: detail lacks %q: %s", c.summary, s, w.Diagnostic.Detail)
			}
		}
	}
}

const planTerraformBlock = `terraform {
  required_providers {
    dxgh = { source = "dxgh/dxgh" }
  }
}
`

func TestAccConnection_warningsInPlan(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	warnings := planWarnings(t, srv, planTerraformBlock+`
provider "dxgh" {}

resource "dxgh_connection" "acme" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["Production", "prodution"]
  ignored_repositories    = ["acme/websight"]
}
`)
	checkWarnings(t, warnings, []wantWarning{
		{`production environment "prodution" matches no environment`, 11, []string{
			// The five closest of the 41, not all of them.
			`none of the 41 environments`, `Closest: "production", "Prod-EU", "Preview", "staging", "qa".`, "case-insensitively"}},
		{`ignored repository "acme/websight" matches no repository`, 12, []string{`Closest: "acme/web", `}},
	})
	checkOnlyTheTypo(t, warnings)
}

// checkOnlyTheTypo: "Production" matches "production" case-insensitively,
// and the warning about "prodution" does not list all 41 environments.
func checkOnlyTheTypo(t *testing.T, warnings []planDiagnostic) {
	t.Helper()
	for _, w := range warnings {
		if strings.Contains(w.Diagnostic.Summary, `"Production"`) {
			t.Errorf("%q matches case-insensitively and must not warn", w.Diagnostic.Summary)
		}
		if strings.Contains(w.Diagnostic.Detail, "customer-36") {
			t.Errorf("the warning lists every discovered environment: %s", w.Diagnostic.Detail)
		}
	}
}

// A mistyped production environment passed to the data sources directly,
// without a connection to warn, is a warning from each of them (the
// deployments, the DORA metrics, and the environments with their
// production flags), in both API modes, on import_settings.
func TestAccDataSources_productionWarningsInPlan(t *testing.T) {
	for _, api := range []string{"rest", "graphql"} {
		t.Run(api, func(t *testing.T) {
			srv := startSandbox(t, sandbox.Options{})
			warnings := planWarnings(t, srv, planTerraformBlock+`
provider "dxgh" { api = "`+api+`" }

data "dxgh_deployments" "x" {
  since           = "2026-10-21T00:00:00Z"
  until           = "2026-11-20T00:00:00Z"
  import_settings = { production_environments = ["Production", "prodution"] }
}

data "dxgh_dora_metrics" "x" {
  since = "2026-10-21T00:00:00Z"
  until = "2026-11-20T00:00:00Z"
  import_settings = {
    production_environments = ["Production", "prodution"]
  }
}

data "dxgh_environments" "x" {
  import_settings = { production_environments = ["Production", "prodution"] }
}
`)
			detail := []string{`"prodution" matches none of the 41 environments discovered in the 11 repositories read`,
				`Closest: "production", "Prod-EU", "Preview", "staging", "qa".`, "case-insensitively"}
			checkWarnings(t, warnings, []wantWarning{
				{`production environment "prodution" matches no environment`, 12, detail},
				{`production environment "prodution" matches no environment`, 18, detail},
				{`production environment "prodution" matches no environment`, 24, detail},
			})
			checkOnlyTheTypo(t, warnings)
		})
	}
}

// buildDevProvider builds the provider into dir/bin and writes dir/dev.tfrc,
// a CLI configuration whose dev_overrides point terraform at that build. It
// returns the CLI configuration's path, for TF_CLI_CONFIG_FILE. buildFlags
// go to go build (-race needs cgo, so it turns cgo on).
func buildDevProvider(t *testing.T, dir string, buildFlags ...string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	args := append(append([]string{"build"}, buildFlags...), "-o", filepath.Join(dir, "bin", "terraform-provider-dxgh"), ".")
	build := exec.Command("go", args...)
	build.Dir = root
	if slices.Contains(buildFlags, "-race") {
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
	}
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "dev.tfrc")
	mustWrite(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/dxgh/dxgh" = %q
  }
  direct {}
}
`, filepath.Join(dir, "bin")))
	return cliConfig
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
