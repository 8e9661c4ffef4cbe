package gql

import (
	"encoding/json"
	"testing"
)

func TestCheckRefusesWhatIsNotServed(t *testing.T) {
	r := NewRegistry[struct{}]()
	r.Field("Query", "repository", func(struct{}, any, *Field) (any, error) { return Object{Type: "Repository"}, nil }, "owner", "name")
	r.Field("Query", "node", func(struct{}, any, *Field) (any, error) { return nil, nil }, "id")
	r.Field("Repository", "name", func(struct{}, any, *Field) (any, error) { return "r", nil })
	r.Returns("Node", "Repository")
	schema, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ query, want string }{
		{`{ repository(owner: "o", name: "r") { name __typename } }`, `null`},
		{`{ repository(owner: "o", name: "r", followRenames: false) { name } }`,
			`[{"path":["repository"],"extensions":{"argumentName":"followRenames","code":"sandboxUnsupported","fieldName":"repository","typeName":"Query"},"locations":[{"line":1,"column":37}],"message":"The sandbox does not serve Query.repository(followRenames:), which GitHub's schema has; see internal/sandbox/README.md for what it serves"}]`},
		{`{ repository(owner: "o", name: "r") { id } }`,
			`[{"path":["repository","id"],"extensions":{"code":"sandboxUnsupported","fieldName":"id","typeName":"Repository"},"locations":[{"line":1,"column":39}],"message":"The sandbox does not serve Repository.id, which GitHub's schema has; see internal/sandbox/README.md for what it serves"}]`},
		// A fragment on a type the sandbox never returns matches nothing.
		{`{ node(id: "x") { ... on Issue { title } ... on Repository { name } } }`, `null`},
		{`{ node(id: "x") { id } }`,
			`[{"path":["node","id"],"extensions":{"code":"sandboxUnsupported","fieldName":"id","typeName":"Node"},"locations":[{"line":1,"column":19}],"message":"The sandbox does not serve Node.id, which GitHub's schema has; see internal/sandbox/README.md for what it serves"}]`},
	}
	for _, tc := range cases {
		req, errs := Prepare(schema, tc.query, "", nil)
		if errs != nil {
			t.Fatalf("%s: %v", tc.query, errs[0])
		}
		got, _ := json.Marshal(r.Check(req))
		if string(got) != tc.want {
			t.Errorf("%s:\n got  %s\n want %s", tc.query, got, tc.want)
		}
	}
}
