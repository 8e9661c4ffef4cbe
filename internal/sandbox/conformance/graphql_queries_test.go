package conformance

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// Every query the provider can send (internal/ghclient/queries, one
// document: fragments are shared between files) is valid against GitHub's
// published schema, the pinned @octokit/graphql-schema file itself (with
// only gql.Correct's removal of two repeated field definitions, without
// which no GraphQL library loads it), not the sandbox's copy of it.
func TestProviderQueriesAreValidAgainstGitHubsSchema(t *testing.T) {
	path := testenv.RequireEnvPath(t, "DXGH_GRAPHQL_SCHEMA", "run `make conformance` to fetch GitHub's GraphQL schema and check the provider's queries against it")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	corrected, _, err := gql.Correct(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gql.LoadSchema(corrected)
	if err != nil {
		t.Fatal(err)
	}

	_, here, _, _ := runtime.Caller(0)
	files, err := filepath.Glob(filepath.Join(filepath.Dir(here), "..", "..", "ghclient", "queries", "*.graphql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no provider queries found (%v)", err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		all.WriteString("\n")
	}
	doc, err := parser.ParseQuery(&ast.Source{Name: "internal/ghclient/queries/*.graphql", Input: all.String()})
	if err != nil {
		t.Fatal(err)
	}
	if errs := validator.ValidateWithRules(schema, doc, nil); len(errs) > 0 {
		t.Fatalf("the provider's queries are not valid against GitHub's schema: %v", errs)
	}
	var names []string
	for _, op := range doc.Operations {
		names = append(names, op.Name)
	}
	t.Logf("%d operations valid against %s: %s", len(names), path, strings.Join(names, ", "))
}
