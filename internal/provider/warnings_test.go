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

// Warnings are not visible to terraform-plugin-testing, so this test
// builds the provider and runs `terraform plan -json` itself, through a
// dev_overrides CLI configuration, as a user's plan would run.
func TestAccConnection_warningsInPlan(t *testing.T) {
	testenv.RequireTerraform(t)
	srv := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	cliConfig := buildDevProvider(t, dir)
	work := filepath.Join(dir, "work")
	mustWrite(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    dxgh = { source = "dxgh/dxgh" }
  }
}

provider "dxgh" {}

resource "dxgh_connection" "acme" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["Production", "prodution"]
  ignored_repositories    = ["acme/websight"]
}
`)
	plan := exec.Command("terraform", "plan", "-json", "-input=false")
	plan.Dir = work
	plan.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "DXGH_APP_ID=1001",
		"DXGH_PRIVATE_KEY_FILE="+keyFile(appGood), "DXGH_BASE_URL="+srv.URL(), "CHECKPOINT_DISABLE=1")
	out, err := plan.Output()
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	warnings := map[string]planDiagnostic{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var d planDiagnostic
		if json.Unmarshal(sc.Bytes(), &d) == nil && d.Type == "diagnostic" && d.Diagnostic.Severity == "warning" {
			warnings[d.Diagnostic.Summary] = d
		}
	}
	cases := []struct {
		summary string
		line    int // the attribute's line in main.tf
		detail  []string
	}{
		{`production environment "prodution" matches no environment`, 11, []string{`Closest: "production"`, "Prod-EU", "customer-36"}},
		{`ignored repository "acme/websight" matches no repository`, 12, []string{`Closest: "acme/web"`, "acme-labs/ml-platform"}},
	}
	for _, c := range cases {
		w, ok := warnings[c.summary]
		if !ok {
			t.Errorf("no warning %q; warnings: %v", c.summary, warnings)
			continue
		}
		if w.Diagnostic.Range.Start.Line != c.line {
			t.Errorf("%q points at line %d, want %d (the attribute)", c.summary, w.Diagnostic.Range.Start.Line, c.line)
		}
		for _, s := range c.detail {
			if !strings.Contains(w.Diagnostic.Detail, s) {
				t.Errorf("%q: detail lacks %q: %s", c.summary, s, w.Diagnostic.Detail)
			}
		}
	}
	if _, ok := warnings[`production environment "Production" matches no environment`]; ok {
		t.Error(`"Production" matches "production" case-insensitively and must not warn`)
	}
}

// buildDevProvider builds the provider into dir/bin and writes dir/dev.tfrc,
// a CLI configuration whose dev_overrides point terraform at that build. It
// returns the CLI configuration's path, for TF_CLI_CONFIG_FILE.
func buildDevProvider(t *testing.T, dir string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "bin", "terraform-provider-dxgh"), ".")
	build.Dir = root
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
