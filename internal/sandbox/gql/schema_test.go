package gql

import (
	"os"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

func TestEmbeddedSchemaLoads(t *testing.T) {
	s, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Repository", "Deployment", "DeploymentStatus", "Environment", "RateLimit", "PullRequest", "Issue"} {
		if s.Types[name] == nil {
			t.Errorf("GitHub's schema has no type %s", name)
		}
	}
	if s.Query == nil || s.Query.Fields.ForName("nodes") == nil {
		t.Error("Query.nodes is missing")
	}
}

// The embedded schema must be the pinned package's file with only Correct's
// corrections, so `make graphql-schema-embed` is the one way to change it.
func TestEmbeddedSchemaIsThePinnedPackage(t *testing.T) {
	path := testenv.RequireEnvPath(t, "DXGH_GRAPHQL_SCHEMA", "run `make graphql-schema` (or `make test`, once fetched) to check the embedded schema against the pinned @octokit/graphql-schema")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSchema(string(raw)); err == nil {
		t.Log("the published schema now loads as it is: Correct has nothing left to correct")
	} else {
		t.Logf("the published schema does not load as it is (%v): Correct fixes that", err)
	}
	want, corrections, err := Correct(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range corrections {
		t.Log(c)
	}
	if want != SchemaText {
		t.Fatalf("internal/sandbox/gql/schema.graphql is not %s as Correct leaves it: run `make graphql-schema-embed` and commit the result", path)
	}
}

func TestCorrectRemovesOnlyIdenticalRepeats(t *testing.T) {
	const published = `type Query {
  """
  The first.
  """
  a(x: Int = 1): String!

  """
  Between.
  """
  b: Int

  """
  A copy-and-paste slip.
  """
  a(x: Int = 1): String!

  """
  After.
  """
  c: Int
}
`
	got, corrections, err := Correct(published)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(published, `

  """
  A copy-and-paste slip.
  """
  a(x: Int = 1): String!`, "", 1)
	if got != want {
		t.Errorf("corrected:\n%s\nwant:\n%s", got, want)
	}
	if len(corrections) != 1 || corrections[0] != (Correction{Type: "Query", Field: "a", Line: 15}) {
		t.Errorf("corrections = %v", corrections)
	}
	if _, err := LoadSchema(got); err != nil {
		t.Errorf("the corrected schema does not load: %v", err)
	}

	same, none, err := Correct("type Query {\n  a: Int\n}\n")
	if err != nil || same != "type Query {\n  a: Int\n}\n" || len(none) != 0 {
		t.Errorf("a schema without repeats changed: %q %v %v", same, none, err)
	}
	if _, _, err := Correct("type Query {\n  a: Int\n  a: String\n}\n"); err == nil {
		t.Error("a field defined twice with different types was silently dropped")
	}
}
