package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// providerAddress is the address the README's required_providers block
// (source = "dxgh/dxgh") resolves to.
const providerAddress = "registry.terraform.io/dxgh/dxgh"

// writeCLIConfig writes a Terraform CLI configuration whose dev_overrides
// point providerAddress at the build in providerDir, so that Terraform uses
// that build without `terraform init` and without asking any registry. Other
// providers still install as usual (direct). It returns the file's path.
func writeCLIConfig(providerDir string) (string, error) {
	dir, err := filepath.Abs(providerDir)
	if err != nil {
		return "", err
	}
	quoted, err := cliConfigString(dir)
	if err != nil {
		return "", fmt.Errorf("-provider-dir: %w", err)
	}
	binary := "terraform-provider-dxgh"
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	if info, err := os.Stat(filepath.Join(dir, binary)); err != nil || info.IsDir() {
		return "", fmt.Errorf("-provider-dir %s has no %s: build it there first (make sandbox does: go build -o %s .)",
			providerDir, binary, filepath.Join(providerDir, binary))
	}
	f, err := os.CreateTemp("", "dxgh-sandbox-*.tfrc")
	if err != nil {
		return "", err
	}
	_, err = fmt.Fprintf(f, "provider_installation {\n  dev_overrides {\n    %q = %s\n  }\n  direct {}\n}\n",
		providerAddress, quoted)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// cliConfigString quotes s as a string of Terraform's CLI configuration
// (HCL 1, in which Go's quoting of `"` and `\` is valid). Terraform expands
// environment variables in that file and has no escape for `$`, so a path
// holding one cannot be written.
func cliConfigString(s string) (string, error) {
	if strings.Contains(s, "$") {
		return "", fmt.Errorf("%s holds a $, which Terraform would expand as an environment variable in its CLI configuration: use a directory without one", s)
	}
	return strconv.Quote(s), nil
}

// shellSafe matches values a POSIX shell reads as one word, unquoted.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes s for a POSIX shell, so an export line can be pasted
// whatever the path holds.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
