package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// exampleOrg is the example organisation served with options, and a token
// of app 1001's installation 11001 (acme, every repository).
type exampleOrg struct {
	srv    *Server
	url    string
	token  string
	client *http.Client
}

func serveExampleOrg(t *testing.T, opts Options, installationID int64) *exampleOrg {
	t.Helper()
	srv, f := ServeExample(t, opts)
	var keyFile string
	for _, a := range f.Apps {
		if a.ID == 1001 {
			keyFile = a.PrivateKeyFile
		}
	}
	pemBytes, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	key, err := jwt.ParseRSAPrivateKeyFromPEM(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	appJWT, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "1001", "iat": now.Add(-30 * time.Second).Unix(), "exp": now.Add(5 * time.Minute).Unix()}).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	ex := &exampleOrg{srv: srv, url: srv.URL(), client: newTestOrgClient()}
	var tok struct{ Token string }
	ex.rest(t, "POST", fmt.Sprintf("app/installations/%d/access_tokens", installationID), appJWT, &tok)
	ex.token = tok.Token
	return ex
}

func (ex *exampleOrg) rest(t *testing.T, method, path, cred string, into any) {
	t.Helper()
	req, _ := http.NewRequest(method, ex.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+cred)
	resp, err := ex.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber() // IDs past 2^31 print as digits in the next URL
	if err := dec.Decode(into); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

// restList reads every page of a REST list; key names the array inside an
// object answer ("" when the answer is the array).
func (ex *exampleOrg) restList(t *testing.T, path, key string) []map[string]any {
	t.Helper()
	var all []map[string]any
	for page := 1; ; page++ {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var items []map[string]any
		if key == "" {
			ex.rest(t, "GET", fmt.Sprintf("%s%sper_page=100&page=%d", path, sep, page), ex.token, &items)
		} else {
			var obj map[string]json.RawMessage
			ex.rest(t, "GET", fmt.Sprintf("%s%sper_page=100&page=%d", path, sep, page), ex.token, &obj)
			dec := json.NewDecoder(strings.NewReader(string(obj[key])))
			dec.UseNumber()
			_ = dec.Decode(&items)
		}
		all = append(all, items...)
		if len(items) < 100 {
			return all
		}
	}
}

func (ex *exampleOrg) graphql(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := postGraphQL(t, ex.client, ex.url, "graphql", ex.token, query, vars)
	if r.status != 200 || r.body["errors"] != nil {
		t.Fatalf("GraphQL: %d %s", r.status, r.raw)
	}
	return r.data()
}

const exampleRepositoryQuery = `query Repo($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    id databaseId name nameWithOwner owner { __typename login } isArchived isFork isPrivate visibility
    environments(first: 100) { totalCount nodes { id databaseId name } }
  }
}`

const exampleDeploymentsQuery = `query Deployments($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    deployments(first: 30, after: $after, orderBy: {field: CREATED_AT, direction: DESC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...Deployment }
    }
  }
}
fragment Deployment on Deployment {
  id databaseId commitOid createdAt updatedAt task environment originalEnvironment latestEnvironment
  description payload state ref { name prefix } creator { __typename login }
  latestStatus { id }
  statuses(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Status } }
}
fragment Status on DeploymentStatus {
  id state createdAt updatedAt description environment logUrl environmentUrl creator { __typename login }
}`

const exampleMoreStatusesQuery = `query MoreStatuses($id: ID!, $after: String) {
  node(id: $id) { ... on Deployment { statuses(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...Status } } } }
}
fragment Status on DeploymentStatus {
  id state createdAt updatedAt description environment logUrl environmentUrl creator { __typename login }
}`

// Every repository, environment, deployment and status the REST routes
// serve for the example organisation, GraphQL serves the same, in both
// status orders, read page by page through cursors.
func TestGraphQLAgreesWithREST(t *testing.T) {
	for _, order := range []StatusOrder{StatusesOldestFirst, StatusesNewestFirst} {
		t.Run(fmt.Sprintf("status order %d", order), func(t *testing.T) {
			ex := serveExampleOrg(t, Options{GraphQLStatusOrder: order}, 11001)
			repos := ex.restList(t, "installation/repositories", "repositories")
			if len(repos) < 10 {
				t.Fatalf("only %d repositories", len(repos))
			}
			var deployments, statuses, pages int
			for _, repo := range repos {
				full := repo["full_name"].(string)
				owner, name, _ := strings.Cut(full, "/")
				vars := map[string]any{"owner": owner, "name": name}
				g := ex.graphql(t, exampleRepositoryQuery, vars)["repository"].(map[string]any)
				compareRepository(t, repo, g)
				compareEnvironments(t, full, ex.restList(t, "repos/"+full+"/environments", "environments"), g["environments"].(map[string]any))

				restDeps := ex.restList(t, "repos/"+full+"/deployments", "")
				var gqlDeps []map[string]any
				for after := any(nil); ; {
					vars["after"] = after
					conn := ex.graphql(t, exampleDeploymentsQuery, vars)["repository"].(map[string]any)["deployments"].(map[string]any)
					pages++
					if int(conn["totalCount"].(float64)) != len(restDeps) {
						t.Fatalf("%s: totalCount %v, REST lists %d", full, conn["totalCount"], len(restDeps))
					}
					for _, n := range conn["nodes"].([]any) {
						gqlDeps = append(gqlDeps, n.(map[string]any))
					}
					info := conn["pageInfo"].(map[string]any)
					if info["hasNextPage"] != true {
						break
					}
					after = info["endCursor"]
				}
				if len(gqlDeps) != len(restDeps) {
					t.Fatalf("%s: GraphQL paged through %d deployments, REST lists %d", full, len(gqlDeps), len(restDeps))
				}
				for i, d := range restDeps {
					restStatuses := ex.restList(t, fmt.Sprintf("repos/%s/deployments/%v/statuses", full, d["id"]), "")
					gqlStatuses := ex.allStatuses(t, gqlDeps[i])
					compareDeployment(t, d, gqlDeps[i], restStatuses)
					compareStatuses(t, d, restStatuses, gqlStatuses, order)
					deployments++
					statuses += len(restStatuses)
				}
			}
			t.Logf("%d repositories, %d deployments, %d statuses agree; %d deployment pages", len(repos), deployments, statuses, pages)
			if deployments < 400 || statuses < 800 {
				t.Errorf("compared too little: %d deployments, %d statuses", deployments, statuses)
			}
		})
	}
}

// allStatuses returns a deployment's statuses, paging past the first 100
// through node(id:).
func (ex *exampleOrg) allStatuses(t *testing.T, dep map[string]any) []map[string]any {
	t.Helper()
	conn := dep["statuses"].(map[string]any)
	var out []map[string]any
	for {
		for _, n := range conn["nodes"].([]any) {
			out = append(out, n.(map[string]any))
		}
		info := conn["pageInfo"].(map[string]any)
		if info["hasNextPage"] != true {
			return out
		}
		conn = ex.graphql(t, exampleMoreStatusesQuery, map[string]any{"id": dep["id"], "after": info["endCursor"]})["node"].(map[string]any)["statuses"].(map[string]any)
	}
}

// expect compares as JSON, so that 2600000547 decoded as a float and as a
// json.Number are equal.
func expect(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s: GraphQL %s, REST %s", what, g, w)
	}
}

func compareRepository(t *testing.T, rest, g map[string]any) {
	t.Helper()
	full := rest["full_name"].(string)
	restOwner := rest["owner"].(map[string]any)
	expect(t, full+" id", g["id"], rest["node_id"])
	expect(t, full+" databaseId", g["databaseId"], rest["id"])
	expect(t, full+" name", g["name"], rest["name"])
	expect(t, full+" nameWithOwner", g["nameWithOwner"], full)
	expect(t, full+" owner", g["owner"], map[string]any{"__typename": restOwner["type"], "login": restOwner["login"]})
	expect(t, full+" isArchived", g["isArchived"], rest["archived"])
	expect(t, full+" isFork", g["isFork"], rest["fork"])
	expect(t, full+" isPrivate", g["isPrivate"], rest["private"])
	expect(t, full+" visibility", g["visibility"], strings.ToUpper(rest["visibility"].(string)))
}

func compareEnvironments(t *testing.T, full string, rest []map[string]any, g map[string]any) {
	t.Helper()
	expect(t, full+" environments totalCount", g["totalCount"], len(rest))
	want := map[string]string{}
	for _, e := range rest {
		id, _ := json.Marshal(e["id"])
		want[e["node_id"].(string)] = fmt.Sprintf("%s %v", id, e["name"])
	}
	prev := ""
	for _, n := range g["nodes"].([]any) {
		e := n.(map[string]any)
		id, _ := json.Marshal(e["databaseId"])
		expect(t, full+" environment "+e["id"].(string), fmt.Sprintf("%s %v", id, e["name"]), want[e["id"].(string)])
		if name := strings.ToLower(e["name"].(string)); name < prev {
			t.Errorf("%s: environments not by name: %q after %q", full, name, prev)
		} else {
			prev = name
		}
		delete(want, e["id"].(string))
	}
	if len(want) > 0 {
		t.Errorf("%s: GraphQL lacks environments %v", full, want)
	}
}

var hexSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

func compareDeployment(t *testing.T, d, g map[string]any, restStatuses []map[string]any) {
	t.Helper()
	what := fmt.Sprintf("deployment %v", d["id"])
	expect(t, what+" id", g["id"], d["node_id"])
	expect(t, what+" databaseId", g["databaseId"], d["id"])
	expect(t, what+" commitOid", g["commitOid"], d["sha"])
	expect(t, what+" createdAt", g["createdAt"], d["created_at"])
	expect(t, what+" updatedAt", g["updatedAt"], d["updated_at"])
	expect(t, what+" task", g["task"], d["task"])
	expect(t, what+" environment", g["environment"], d["environment"])
	expect(t, what+" latestEnvironment", g["latestEnvironment"], d["environment"])
	expect(t, what+" originalEnvironment", g["originalEnvironment"], d["original_environment"])
	expect(t, what+" description", g["description"], d["description"])
	payload, _ := json.Marshal(d["payload"])
	expect(t, what+" payload", g["payload"], string(payload))
	expectActor(t, what+" creator", g["creator"], d["creator"])
	ref := d["ref"].(string)
	switch {
	case hexSHA.MatchString(ref):
		expect(t, what+" ref of a bare commit", g["ref"], nil)
	case g["ref"] == nil:
		t.Errorf("%s: ref %q has no GraphQL Ref", what, ref)
	default:
		r := g["ref"].(map[string]any)
		expect(t, what+" ref", r["prefix"].(string)+r["name"].(string), map[bool]string{true: ref, false: r["prefix"].(string) + ref}[strings.HasPrefix(ref, "refs/")])
	}
	if len(restStatuses) == 0 {
		expect(t, what+" latestStatus", g["latestStatus"], nil)
		expect(t, what+" state", g["state"], "PENDING")
		return
	}
	expect(t, what+" latestStatus", g["latestStatus"].(map[string]any)["id"], restStatuses[0]["node_id"])
	wantState := strings.ToUpper(restStatuses[0]["state"].(string))
	if wantState == "SUCCESS" {
		wantState = "ACTIVE"
	}
	expect(t, what+" state", g["state"], wantState)
}

func compareStatuses(t *testing.T, d map[string]any, rest, g []map[string]any, order StatusOrder) {
	t.Helper()
	what := fmt.Sprintf("deployment %v statuses", d["id"])
	if len(g) != len(rest) {
		t.Errorf("%s: GraphQL %d, REST %d", what, len(g), len(rest))
		return
	}
	for i, s := range g {
		r := rest[i] // REST lists newest first
		if order == StatusesOldestFirst {
			r = rest[len(rest)-1-i]
		}
		w := fmt.Sprintf("%s[%d]", what, i)
		expect(t, w+" id", s["id"], r["node_id"])
		expect(t, w+" state", s["state"], strings.ToUpper(r["state"].(string)))
		expect(t, w+" createdAt", s["createdAt"], r["created_at"])
		expect(t, w+" updatedAt", s["updatedAt"], r["updated_at"])
		expect(t, w+" description", s["description"], r["description"])
		expect(t, w+" environment", s["environment"], r["environment"])
		expect(t, w+" logUrl (REST's empty log_url)", s["logUrl"], nil)
		expect(t, w+" environmentUrl", s["environmentUrl"], nil)
		expectActor(t, w+" creator", s["creator"], r["creator"])
	}
}

// expectActor: GraphQL's Actor is REST's user by type, and a Bot's login
// without REST's "[bot]".
func expectActor(t *testing.T, what string, g, rest any) {
	t.Helper()
	if rest == nil {
		expect(t, what, g, map[string]any{"__typename": "User", "login": "ghost"})
		return
	}
	u := rest.(map[string]any)
	login := u["login"].(string)
	if u["type"] == "Bot" {
		login = strings.TrimSuffix(login, "[bot]")
	}
	expect(t, what, g, map[string]any{"__typename": u["type"], "login": login})
}
