package ghclient

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// graphql_generated.go is what genqlient writes from queries/*.graphql and
// the schema: a query edited without `go generate ./internal/ghclient`
// would leave the typed functions (and what the provider sends) behind.
func TestGeneratedGraphQLIsCurrent(t *testing.T) {
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "graphql_generated.go")
	config := filepath.Join(t.TempDir(), "genqlient.yaml")
	yaml, err := os.ReadFile(filepath.Join(here, "genqlient.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The same configuration, its paths made absolute, writing elsewhere.
	yaml = bytes.ReplaceAll(yaml, []byte("schema: ../"), []byte("schema: "+filepath.Dir(here)+"/"))
	yaml = bytes.ReplaceAll(yaml, []byte("  - queries/"), []byte("  - "+here+"/queries/"))
	yaml = bytes.ReplaceAll(yaml, []byte("generated: graphql_generated.go"), []byte("generated: "+out))
	if err := os.WriteFile(config, yaml, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "genqlient", config)
	cmd.Dir = here
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool genqlient: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(here, "graphql_generated.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("graphql_generated.go is not what genqlient generates from queries/*.graphql: run `go generate ./internal/ghclient` and commit the result")
	}
}
