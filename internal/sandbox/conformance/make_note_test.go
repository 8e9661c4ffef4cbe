package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// A green `make test` whose conformance checks skipped says so in one line,
// naming what is not cached and `make conformance`; with both cached it says
// nothing. The cache paths are pointed at files that exist or do not, as the
// GNUmakefile's own check of .cache/ sees them.
func TestMakeTestSaysWhenConformanceChecksSkipped(t *testing.T) {
	testenv.RequireTool(t, "make", "it runs the GNUmakefile's targets")
	dir := t.TempDir()
	// Two paths each: make warns when both variables name one file.
	missingSpec, missingSchema := filepath.Join(dir, "no-spec.json"), filepath.Join(dir, "no-schema.graphql")
	spec, schema := filepath.Join(dir, "spec.json"), filepath.Join(dir, "schema.graphql")
	for _, f := range []string{spec, schema} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, spec, schema, want string
	}{
		{"nothing cached", missingSpec, missingSchema, "GitHub's OpenAPI description and GraphQL schema not cached"},
		{"only the schema cached", missingSpec, schema, "GitHub's OpenAPI description not cached"},
		{"only the description cached", spec, missingSchema, "GitHub's GraphQL schema not cached"},
		{"both cached", spec, schema, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := runMake(t, "conformance-note", "OPENAPI_SPEC="+tc.spec, "GRAPHQL_SCHEMA="+tc.schema)
			if tc.want == "" {
				if out != "" {
					t.Errorf("with both cached, make printed %q, want nothing", out)
				}
				return
			}
			if strings.Count(out, "\n") != 1 || !strings.Contains(out, tc.want) || !strings.Contains(out, "'make conformance'") {
				t.Errorf("make printed %q, want one line saying %q and naming 'make conformance'", out, tc.want)
			}
		})
	}

	// make test ends with it, after go test.
	plan := runMake(t, "-n", "test", "OPENAPI_SPEC="+missingSpec, "GRAPHQL_SCHEMA="+missingSchema)
	goTest, note := strings.Index(plan, "go test ./..."), strings.Index(plan, "skipped the conformance checks")
	if goTest < 0 || note < goTest {
		t.Errorf("make -n test does not print the note after go test:\n%s", plan)
	}
}

// runMake runs make in the repository's top directory without the
// variables the conformance tests read, so only the GNUmakefile sets them.
func runMake(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("make", append([]string{"-s", "--no-print-directory"}, args...)...)
	cmd.Dir = filepath.Join("..", "..", "..")
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name != "DXGH_OPENAPI_SPEC" && name != "DXGH_GRAPHQL_SCHEMA" && name != "MAKEFLAGS" && name != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
