package gql

import (
	"encoding/json"
	"testing"
)

// GitHub's (graphql-ruby's) wording of the errors a client most often
// makes, as the sandbox gives them for gqlparser's findings.
func TestValidationErrorsInGitHubsWords(t *testing.T) {
	cases := []struct {
		name, query string
		vars        map[string]any
		want        string // the first error, as JSON
	}{
		{"undefined field (the facts file's example)",
			"query {\n  node(id: \"x\") { ... on Deployment { foo } }\n}",
			nil,
			`{"path":["query","node","... on Deployment","foo"],"extensions":{"code":"undefinedField","fieldName":"foo","typeName":"Deployment"},"locations":[{"line":2,"column":39}],"message":"Field 'foo' doesn't exist on type 'Deployment'"}`},
		{"missing required arguments, listed together",
			"query { repository { name } }",
			nil,
			`{"path":["query","repository"],"extensions":{"arguments":"name, owner","className":"Field","code":"missingRequiredArguments","name":"repository"},"locations":[{"line":1,"column":9}],"message":"Field 'repository' is missing required arguments: name, owner"}`},
		{"an argument the field does not take",
			`query Q { repository(owner: "o", name: "r", title: "x") { name } }`,
			nil,
			`{"path":["query Q","repository","title"],"extensions":{"argumentName":"title","code":"argumentNotAccepted","name":"repository","typeName":"Field"},"locations":[{"line":1,"column":45}],"message":"Field 'repository' doesn't accept argument 'title'"}`},
		{"a literal of the wrong type",
			`query { repository(owner: "o", name: "r") { deployments(first: "ten") { totalCount } } }`,
			nil,
			`{"path":["query","repository","deployments","first"],"extensions":{"argumentName":"first","code":"argumentLiteralsIncompatible","typeName":"Field"},"locations":[{"line":1,"column":57}],"message":"Argument 'first' on Field 'deployments' has an invalid value (\"ten\"). Expected type 'Int'."}`},
		{"an enum value that does not exist, inside an input object",
			`query { repository(owner: "o", name: "r") { deployments(first: 1, orderBy: {field: CREATED_AT, direction: UP}) { totalCount } } }`,
			nil,
			`{"path":["query","repository","deployments","orderBy","direction"],"extensions":{"argumentName":"direction","code":"argumentLiteralsIncompatible","typeName":"InputObject"},"locations":[{"line":1,"column":96}],"message":"Argument 'direction' on InputObject 'DeploymentOrder' has an invalid value (UP). Expected type 'OrderDirection!'."}`},
		{"a variable used but not declared",
			`query Q { repository(owner: $o, name: "r") { name } }`,
			nil,
			`{"path":["query Q","repository","owner"],"extensions":{"code":"variableNotDefined","variableName":"o"},"locations":[{"line":1,"column":29}],"message":"Variable $o is used by Q but not declared"}`},
		{"a variable declared but not used",
			`query ($o: String!) { rateLimit { cost } }`,
			nil,
			`{"path":["query"],"extensions":{"code":"variableNotUsed","variableName":"o"},"locations":[{"line":1,"column":8}],"message":"Variable $o is declared by anonymous query but not used"}`},
		{"a variable of the wrong type",
			`query ($n: String) { repository(owner: "o", name: "r") { deployments(first: $n) { totalCount } } }`,
			nil,
			`{"path":["query","repository","deployments","first"],"extensions":{"argumentName":"first","code":"variableMismatch","errorMessage":"Type mismatch","typeName":"String","variableName":"n"},"locations":[{"line":1,"column":77}],"message":"Type mismatch on variable $n and argument first (String / Int)"}`},
		{"a nullable variable where a non-null one is needed",
			`query ($o: String) { repository(owner: $o, name: "r") { name } }`,
			nil,
			`{"path":["query","repository","owner"],"extensions":{"argumentName":"owner","code":"variableMismatch","errorMessage":"Nullability mismatch","typeName":"String","variableName":"o"},"locations":[{"line":1,"column":40}],"message":"Nullability mismatch on variable $o and argument owner (String / String!)"}`},
		{"a variable given no value",
			`query ($o: String!) { repository(owner: $o, name: "r") { name } }`,
			map[string]any{},
			`{"extensions":{"problems":[{"explanation":"Expected value to not be null","path":[]}],"value":null},"locations":[{"line":1,"column":8}],"message":"Variable $o of type String! was provided invalid value"}`},
		{"an object field without a selection",
			`query { repository(owner: "o", name: "r") { owner } }`,
			nil,
			`{"path":["query","repository","owner"],"extensions":{"code":"selectionMismatch","nodeName":"field 'owner'","typeName":"RepositoryOwner"},"locations":[{"line":1,"column":45}],"message":"Field must have selections (field 'owner' returns RepositoryOwner! but has no selections. Did you mean 'owner { ... }'?)"}`},
		{"a selection on a scalar",
			`query { repository(owner: "o", name: "r") { name { x } } }`,
			nil,
			`{"path":["query","repository","name"],"extensions":{"code":"selectionMismatch","nodeName":"field 'name'","typeName":"String"},"locations":[{"line":1,"column":45}],"message":"Selections can't be made on scalars (field 'name' returns String! but has selections [x])"}`},
		{"a fragment on an unknown type",
			`query { node(id: "x") { ... on Nope { id } } }`,
			nil,
			`{"path":["query","node","... on Nope"],"extensions":{"code":"undefinedType","typeName":"Nope"},"locations":[{"line":1,"column":29}],"message":"No such type Nope, so it can't be a fragment condition"}`},
		{"a parse error",
			"query {\n  repository(owner: \"o\", name: \"r\") { }\n}",
			nil,
			`{"locations":[{"line":2,"column":39}],"message":"Parse error on \"}\" (RCURLY) at [2, 39]"}`},
		{"a query cut short",
			`query { rateLimit { cost }`,
			nil,
			`{"locations":[{"line":1,"column":27}],"message":"Unexpected end of document"}`},
		{"two operations and no operationName",
			`query A { rateLimit { cost } } query B { rateLimit { used } }`,
			nil,
			`{"message":"An operation name is required"}`},
	}
	schema, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Prepare(schema, tc.query, "", tc.vars)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			got, _ := json.Marshal(errs[0])
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
