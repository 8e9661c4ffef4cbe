package conformance

import (
	"os"
	"sync"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

var (
	specOnce sync.Once
	spec     *Spec
	specErr  error
)

// githubSpec returns GitHub's OpenAPI description, loaded once per run.
func githubSpec(t *testing.T) *Spec {
	t.Helper()
	path := os.Getenv("DXGH_OPENAPI_SPEC")
	if path == "" {
		const msg = "DXGH_OPENAPI_SPEC is not set: run `make conformance` to fetch GitHub's OpenAPI description and check the sandbox against it"
		if testenv.InCI() {
			t.Fatal(msg + " (CI=true: the check is required)")
		}
		t.Skip(msg)
	}
	specOnce.Do(func() { spec, specErr = Load(path) })
	if specErr != nil {
		t.Fatal(specErr)
	}
	return spec
}
