//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// An export line survives any path: pasted into bash, it sets the path as is.
func TestShellQuoteRoundTripsThroughBash(t *testing.T) {
	for _, v := range []string{"/tmp/dxgh-sandbox-1.pem", "/home/a b/it's $HOME `x`/dev.tfrc", "http://127.0.0.1:4000/"} {
		out, err := exec.Command("bash", "-c", "export V="+shellQuote(v)+"\nprintf '%s' \"$V\"").CombinedOutput()
		if err != nil || string(out) != v {
			t.Errorf("export V=%s gave %q (%v), want %q", shellQuote(v), out, err, v)
		}
	}
}

// -provider-dir without a build in it fails before the sandbox starts,
// saying what to build where; with one, Terraform reads the CLI
// configuration's dev_overrides as naming that directory, quotes and
// backslashes included. A $ is refused: Terraform would expand it.
func TestCLIConfigPointsTerraformAtTheBuild(t *testing.T) {
	testenv.RequireTerraform(t)
	dir := filepath.Join(t.TempDir(), `a "b" c\d`)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := writeCLIConfig(dir); err == nil || !strings.Contains(err.Error(), "has no terraform-provider-dxgh: build it there first") {
		t.Fatalf("writeCLIConfig without a build: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-dxgh"), nil, 0o700); err != nil {
		t.Fatal(err)
	}
	path, err := writeCLIConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(path) })

	work := t.TempDir()
	writeFile(t, filepath.Join(work, "main.tf"), "terraform {\n  required_providers {\n    dxgh = {\n      source = \"dxgh/dxgh\"\n    }\n  }\n}\n")
	cmd := exec.Command("terraform", "validate", "-no-color")
	cmd.Dir = work
	cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+path)
	out, _ := cmd.CombinedOutput() // fails: the "build" is an empty file
	if !strings.Contains(string(out), " - dxgh/dxgh in "+dir+"\n") || strings.Contains(string(out), "problems with the CLI configuration") {
		t.Errorf("terraform did not read the dev override for %s:\n%s", dir, out)
	}

	if _, err := writeCLIConfig(filepath.Join(t.TempDir(), "$HOME")); err == nil || !strings.Contains(err.Error(), "holds a $") {
		t.Errorf("writeCLIConfig with a $ in the directory: %v", err)
	}
}
