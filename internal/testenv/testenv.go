// Package testenv is what tests know of the machine they run on: whether it
// is CI, and whether the tools a test needs are there. It is the one place
// tests decide to skip or fail for lack of a tool.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// InCI reports whether the tests run in CI: CI=true, as .ci/run and most CI
// systems set it. There a missing tool fails a test instead of skipping it.
func InCI() bool { return os.Getenv("CI") == "true" }

// RequireTool returns the path of name on PATH. Without it the test skips on
// a developer's machine and fails in CI, saying why the tool is needed.
func RequireTool(tb testing.TB, name, why string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if InCI() {
		tb.Fatalf("%s is not on PATH (%v), and CI=true: %s", name, err, why)
	}
	tb.Skipf("%s is not on PATH: %s (in CI, with CI=true, this fails instead)", name, why)
	return ""
}

// RequireTerraform fails the test, wherever it runs, unless terraform is on
// PATH: the provider's tests run real Terraform and are never skipped.
func RequireTerraform(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		tb.Fatalf("terraform is not on PATH (%v): the provider tests run real Terraform (≥ 1.11) against the sandbox; install it and retry", err)
	}
}

// RequireEnvPath returns the file a variable names (GitHub's published
// descriptions, which `make` fetches and exports). Unset, the test skips on
// a developer's machine, saying how to get it, and fails in CI.
func RequireEnvPath(tb testing.TB, name, how string) string {
	tb.Helper()
	path := os.Getenv(name)
	if path != "" {
		return path
	}
	msg := name + " is not set: " + how
	if InCI() {
		tb.Fatal(msg + " (CI=true: the check is required)")
	}
	tb.Skip(msg)
	return ""
}
