package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// gqlReply is one GraphQL answer: status, headers and the decoded body.
type gqlReply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r gqlReply) data() map[string]any { d, _ := r.body["data"].(map[string]any); return d }

func (r gqlReply) errors() []map[string]any {
	var out []map[string]any
	list, _ := r.body["errors"].([]any)
	for _, e := range list {
		out = append(out, e.(map[string]any))
	}
	return out
}

// postGraphQL sends a query to path ("graphql" or "api/graphql") with cred
// as a bearer token ("" for none).
func postGraphQL(t *testing.T, client *http.Client, baseURL, path, cred, query string, vars map[string]any, opName ...string) gqlReply {
	t.Helper()
	payload := map[string]any{"query": query}
	if vars != nil {
		payload["variables"] = vars
	}
	if len(opName) > 0 {
		payload["operationName"] = opName[0]
	}
	body, _ := json.Marshal(payload)
	return postRaw(t, client, baseURL+path, cred, body)
}

func postRaw(t *testing.T, client *http.Client, url, cred string, body []byte) gqlReply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if cred != "" {
		req.Header.Set("Authorization", "bearer "+cred)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatalf("GraphQL answered %d with a body that is not a JSON object: %s", resp.StatusCode, raw)
	}
	return gqlReply{status: resp.StatusCode, header: resp.Header, body: obj, raw: string(raw)}
}

func (o *testOrg) graphql(t *testing.T, cred, query string, vars map[string]any, opName ...string) gqlReply {
	t.Helper()
	return postGraphQL(t, o.client, o.url, "graphql", cred, query, vars, opName...)
}

// jsonEqual compares a decoded JSON value with the JSON text want.
func jsonEqual(t *testing.T, what string, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: bad want: %v", what, err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		t.Errorf("%s:\n got  %s\n want %s", what, g, want)
	}
}

func TestGraphQLErrorShapes(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	repoQuery := func(inner string) string {
		return `query { repository(owner: "acme", name: "api") { ` + inner + ` } }`
	}
	cases := []struct {
		name   string
		query  string
		vars   map[string]any
		data   string // the whole data, as JSON; "" when the answer has no data
		errors string // the whole errors, as JSON
	}{
		{"a repository the token cannot see is null and NOT_FOUND",
			`query { a: repository(owner: "acme", name: "api") { name } b: repository(owner: "other", name: "secret") { name } }`, nil,
			`{"a":{"name":"api"},"b":null}`,
			`[{"type":"NOT_FOUND","path":["b"],"locations":[{"line":1,"column":60}],"message":"Could not resolve to a Repository with the name 'other/secret'."}]`},
		{"an ID that resolves to nothing is null and NOT_FOUND, the others resolve",
			`query { nodes(ids: ["DE_kgDO00001000", "DE_kgDO99999999", "R_kgDO00000003"]) { id } }`, nil,
			`{"nodes":[{"id":"DE_kgDO00001000"},null,null]}`,
			`[{"type":"NOT_FOUND","path":["nodes",1],"locations":[{"line":1,"column":9}],"message":"Could not resolve to a node with the global id of 'DE_kgDO99999999'"},
			  {"type":"NOT_FOUND","path":["nodes",2],"locations":[{"line":1,"column":9}],"message":"Could not resolve to a node with the global id of 'R_kgDO00000003'"}]`},
		{"node(id:) alike",
			`query { node(id: "nope") { id } }`, nil,
			`{"node":null}`,
			`[{"type":"NOT_FOUND","path":["node"],"locations":[{"line":1,"column":9}],"message":"Could not resolve to a node with the global id of 'nope'"}]`},
		{"more than 100 ids",
			`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": manyIDs(101)},
			`null`,
			`[{"type":"ARGUMENT_LIMIT","path":["nodes"],"locations":[{"line":1,"column":23}],"message":"You may not provide more than 100 node ids; you provided 101."}]`},
		{"a connection's nodes without first or last; the null reaches the nullable repository",
			repoQuery(`name deployments { nodes { id } }`), nil,
			`{"repository":null}`,
			"[{\"type\":\"MISSING_PAGINATION_BOUNDARIES\",\"path\":[\"repository\",\"deployments\"],\"locations\":[{\"line\":1,\"column\":55}],\"message\":\"You must provide a `first` or `last` value to properly paginate the `deployments` connection.\"}]"},
		{"first over 100",
			repoQuery(`deployments(first: 101) { nodes { id } }`), nil,
			`{"repository":null}`,
			"[{\"type\":\"EXCESSIVE_PAGINATION\",\"path\":[\"repository\",\"deployments\"],\"locations\":[{\"line\":1,\"column\":50}],\"message\":\"Requesting 101 records on the `deployments` connection exceeds the `first` limit of 100 records.\"}]"},
		{"last over 100, on a nullable connection",
			`query { node(id: "DE_kgDO00001000") { ... on Deployment { statuses(last: 500) { nodes { id } } } } }`, nil,
			`{"node":{"statuses":null}}`,
			"[{\"type\":\"EXCESSIVE_PAGINATION\",\"path\":[\"node\",\"statuses\"],\"locations\":[{\"line\":1,\"column\":59}],\"message\":\"Requesting 500 records on the `statuses` connection exceeds the `last` limit of 100 records.\"}]"},
		{"totalCount alone needs no first",
			repoQuery(`deployments(environments: ["production"]) { totalCount }`), nil,
			`{"repository":{"deployments":{"totalCount":84}}}`, ``},
		{"a cursor that is not one",
			repoQuery(`deployments(first: 1, after: "bm9wZQ==") { totalCount }`), nil,
			`{"repository":null}`,
			"[{\"type\":\"INVALID_CURSOR_ARGUMENTS\",\"path\":[\"repository\",\"deployments\"],\"locations\":[{\"line\":1,\"column\":50}],\"message\":\"`bm9wZQ==` does not appear to be a valid cursor.\"}]"},
		{"a field GitHub does not have: a validation error, no data",
			`query { node(id: "x") { ... on Deployment { foo } } }`, nil,
			``,
			`[{"path":["query","node","... on Deployment","foo"],"extensions":{"code":"undefinedField","typeName":"Deployment","fieldName":"foo"},"locations":[{"line":1,"column":45}],"message":"Field 'foo' doesn't exist on type 'Deployment'"}]`},
		{"a field GitHub has and the sandbox does not serve is refused by name",
			repoQuery(`deployments(first: 1) { nodes { commit { oid } } }`), nil,
			``,
			`[{"path":["repository","deployments","nodes","commit"],"extensions":{"code":"sandboxUnsupported","typeName":"Deployment","fieldName":"commit"},"locations":[{"line":1,"column":82}],"message":"The sandbox does not serve Deployment.commit, which GitHub's schema has; see internal/sandbox/README.md for what it serves"}]`},
		{"a field selected on an interface names the interface when no type the sandbox returns serves it",
			`query { repository(owner: "acme", name: "api") { deployments(first: 1) { nodes { creator { avatarUrl } } } } }`, nil,
			``,
			`[{"path":["repository","deployments","nodes","creator","avatarUrl"],"extensions":{"code":"sandboxUnsupported","typeName":"Actor","fieldName":"avatarUrl"},"locations":[{"line":1,"column":92}],"message":"The sandbox does not serve Actor.avatarUrl, which GitHub's schema has; see internal/sandbox/README.md for what it serves"}]`},
		{"a parse error",
			`query { rateLimit { cost } } }`, nil,
			``,
			`[{"locations":[{"line":1,"column":30}],"message":"Parse error on \"}\" (RCURLY) at [1, 30]"}]`},
		{"over the node limit: refused with no data",
			repoQuery(`deployments(first: 100) { nodes { statuses(first: 100) { nodes { deployment { statuses(first: 100) { nodes { id } } } } } } }`), nil,
			``,
			`[{"type":"MAX_NODE_LIMIT_EXCEEDED","message":"By the time this query traverses to the statuses connection, it is requesting up to 1,000,000 possible nodes which exceeds the maximum limit of 500,000."}]`},
		{"a mutation",
			`mutation { addStar(input: {starrableId: "R_kgDO00000001"}) { clientMutationId } }`, nil,
			``,
			`[{"extensions":{"code":"sandboxUnsupported"},"locations":[{"line":1,"column":1}],"message":"The sandbox serves queries only, not mutations"}]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := o.graphql(t, tok, tc.query, tc.vars)
			if r.status != http.StatusOK {
				t.Fatalf("HTTP %d, want 200 (GitHub answers query errors with 200): %s", r.status, r.raw)
			}
			data, hasData := r.body["data"]
			switch {
			case tc.data == "" && hasData:
				t.Errorf("data = %v, want none", data)
			case tc.data != "":
				jsonEqual(t, "data", data, tc.data)
			}
			if tc.errors == "" {
				if r.body["errors"] != nil {
					t.Errorf("errors = %v, want none", r.body["errors"])
				}
				return
			}
			jsonEqual(t, "errors", r.body["errors"], tc.errors)
		})
	}
}

func manyIDs(n int) []any {
	ids := make([]any, n)
	for i := range ids {
		ids[i] = nodeID("DE", int64(1000+i))
	}
	return ids
}

func TestGraphQLAuthentication(t *testing.T) {
	clock := time.Now()
	o := newTestOrg(t, Options{TokenTTL: time.Minute, Now: func() time.Time { return clock }})
	tok := o.token(t, "")
	const q = `query { rateLimit { remaining } }`
	cases := []struct {
		name, cred string
		status     int
		body       string
	}{
		{"no credential", "", 401, `{"message":"This endpoint requires you to be authenticated.","documentation_url":"https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"}`},
		{"an unknown token", "ghs_unknown", 401, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"}`},
		{"an app JWT (GraphQL takes installation tokens only)", o.validJWT(t), 401, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := o.graphql(t, tc.cred, q, nil)
			if r.status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", r.status, tc.status, r.raw)
			}
			jsonEqual(t, "body", r.body, tc.body)
		})
	}
	// "token X" works as "bearer X" does.
	req, _ := http.NewRequest(http.MethodPost, o.url+"graphql", strings.NewReader(`{"query":"{ rateLimit { limit } }"}`))
	req.Header.Set("Authorization", "token "+tok)
	resp, err := o.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("Authorization: token …: HTTP %d", resp.StatusCode)
	}
	clock = clock.Add(61 * time.Second)
	if r := o.graphql(t, tok, q, nil); r.status != 401 || r.body["message"] != "Bad credentials" {
		t.Errorf("expired token: %d %s", r.status, r.raw)
	}
}

func TestGraphQLRequestBodies(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	if r := postRaw(t, o.client, o.url+"graphql", tok, []byte(`{"query": `)); r.status != 400 || r.body["message"] != "Problems parsing JSON" {
		t.Errorf("malformed JSON: %d %s", r.status, r.raw)
	}
	if r := postRaw(t, o.client, o.url+"graphql", tok, []byte(`{"variables": {}}`)); r.status != 200 ||
		fmt.Sprint(r.errors()) != "[map[message:A query attribute must be specified and must be a string.]]" {
		t.Errorf("no query: %d %s", r.status, r.raw)
	}
	// operationName picks one of several operations; variables fill it.
	const doc = `query Names($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { nameWithOwner } }
		query Count($owner: String!, $name: String!, $env: [String!]) { repository(owner: $owner, name: $name) { deployments(environments: $env) { totalCount } } }`
	vars := map[string]any{"owner": "ACME", "name": "Api", "env": []string{"staging"}}
	r := o.graphql(t, tok, doc, vars, "Count")
	jsonEqual(t, "Count", r.body, `{"data":{"repository":{"deployments":{"totalCount":83}}}}`)
	r = o.graphql(t, tok, doc, vars, "Names")
	jsonEqual(t, "Names (repository names are case-insensitive)", r.body, `{"data":{"repository":{"nameWithOwner":"acme/api"}}}`)
	r = o.graphql(t, tok, doc, vars)
	jsonEqual(t, "no operationName", r.body, `{"errors":[{"message":"An operation name is required"}]}`)
	r = o.graphql(t, tok, doc, map[string]any{"owner": "acme"}, "Names")
	jsonEqual(t, "a missing variable", r.body, `{"errors":[{"extensions":{"value":null,"problems":[{"path":[],"explanation":"Expected value to not be null"}]},"locations":[{"line":1,"column":30}],"message":"Variable $name of type String! was provided invalid value"}]}`)
	// GET is not how GraphQL is asked here, as on GitHub.
	resp, err := o.client.Get(o.url + "graphql")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET /graphql: %d, want 404", resp.StatusCode)
	}
}

// The token's REST permissions hold in GraphQL: deployments (and their
// statuses) need deployments, environments need actions.
func TestGraphQLPermissions(t *testing.T) {
	o := newTestOrg(t, Options{})
	noDeployments := o.token(t, `{"permissions":{"metadata":"read","actions":"read"}}`)
	noActions := o.token(t, `{"permissions":{"metadata":"read","deployments":"read"}}`)
	forbidden := func(path string) string {
		return `[{"type":"FORBIDDEN","path":` + path + `,"extensions":{"saml_failure":false},"locations":[{"line":1,"column":%d}],"message":"Resource not accessible by integration"}]`
	}
	cases := []struct {
		name, token, query, data, errors string
	}{
		{"deployments without deployments", noDeployments,
			`query { repository(owner: "acme", name: "api") { deployments(first: 1) { totalCount } } }`,
			`{"repository":null}`, fmt.Sprintf(forbidden(`["repository","deployments"]`), 50)},
		{"a deployment node without deployments", noDeployments,
			`query { nodes(ids: ["DE_kgDO00001000"]) { id } }`,
			`{"nodes":[null]}`, fmt.Sprintf(forbidden(`["nodes",0]`), 9)},
		{"environments without actions", noActions,
			`query { repository(owner: "acme", name: "api") { environments(first: 1) { totalCount } } }`,
			`{"repository":null}`, fmt.Sprintf(forbidden(`["repository","environments"]`), 50)},
		{"deployments with deployments", noActions,
			`query { repository(owner: "acme", name: "api") { deployments(first: 1) { totalCount } } }`,
			`{"repository":{"deployments":{"totalCount":250}}}`, `null`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := o.graphql(t, tc.token, tc.query, nil)
			jsonEqual(t, "data", r.body["data"], tc.data)
			jsonEqual(t, "errors", r.body["errors"], tc.errors)
		})
	}
	// A permission revoked from the installation takes effect at once.
	all := o.token(t, "")
	if err := o.srv.SetPermission(10, "deployments", ""); err != nil {
		t.Fatal(err)
	}
	r := o.graphql(t, all, `query { node(id: "DE_kgDO00001000") { id } }`, nil)
	if errs := r.errors(); len(errs) != 1 || errs[0]["type"] != "FORBIDDEN" {
		t.Errorf("after revocation: %s", r.raw)
	}
}

func TestGraphQLJWTHasNoBudget(t *testing.T) {
	o := newTestOrg(t, Options{})
	jwtCred := o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": o.now.Unix(), "exp": o.now.Add(time.Minute).Unix()})
	r := o.graphql(t, jwtCred, `{ rateLimit { cost } }`, nil)
	if r.status != 401 || r.header.Get("X-RateLimit-Resource") != "" {
		t.Errorf("JWT: %d, resource %q", r.status, r.header.Get("X-RateLimit-Resource"))
	}
}
