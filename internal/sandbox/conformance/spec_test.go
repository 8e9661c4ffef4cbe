package conformance

import (
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
	path := testenv.RequireEnvPath(t, "DXGH_OPENAPI_SPEC", "run `make conformance` to fetch GitHub's OpenAPI description and check the sandbox against it")
	specOnce.Do(func() { spec, specErr = Load(path) })
	if specErr != nil {
		t.Fatal(specErr)
	}
	return spec
}
