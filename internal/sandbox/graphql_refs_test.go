package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"testing"
	"time"
)

// How GraphQL spells what REST spells otherwise: refs (a bare commit has no
// Ref; Ref.name drops refs/heads/ and refs/tags/, Ref.prefix keeps it) and
// creators (a Bot's login drops "[bot]"; no creator is the user ghost).
func TestGraphQLRefsAndActors(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	sha := "0123456789abcdef0123456789abcdef01234567"
	deployments := []Deployment{
		{ID: 1, SHA: sha, Ref: "main", Creator: "alice", CreatedAt: at},
		{ID: 2, SHA: sha, Ref: "refs/heads/release/1.x", Creator: "github-actions[bot]", CreatedAt: at.Add(time.Minute)},
		{ID: 3, SHA: sha, Ref: "refs/tags/v1.2.0", Creator: "", CreatedAt: at.Add(2 * time.Minute)},
		{ID: 4, SHA: sha, Ref: sha, Creator: "dependabot[bot]", CreatedAt: at.Add(3 * time.Minute),
			Statuses: []Status{{ID: 40, State: "failure", CreatedAt: at.Add(4 * time.Minute), Creator: "github-actions[bot]"}}},
		{ID: 5, SHA: sha, Ref: "v2.14.0", Creator: "bob", CreatedAt: at.Add(5 * time.Minute)},
	}
	f := &Fixture{
		Apps: []App{{ID: 1, Slug: "dx", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))}},
		Installations: []Installation{{ID: 10, AppID: 1, Account: Account{ID: 100, Login: "octo", Type: "User"}, RepositorySelection: "all",
			Permissions: map[string]string{"metadata": "read", "deployments": "read"}, CreatedAt: at}},
		Repositories: []Repository{{ID: 7, FullName: "octo/app", Visibility: "public", Deployments: deployments}},
	}
	srv := ServeTest(t, f, Options{})
	o := &testOrg{srv: srv, url: srv.URL(), key: key, now: time.Now(), client: newTestOrgClient()}
	tok := o.token(t, "")
	r := o.graphql(t, tok, `{ repository(owner: "octo", name: "app") {
		owner { __typename login } isPrivate visibility
		deployments(first: 10) { nodes { databaseId ref { name prefix } creator { __typename login }
			statuses(first: 1) { nodes { state creator { __typename login } } } } } } }`, nil)
	if r.status != http.StatusOK {
		t.Fatal(r.raw)
	}
	jsonEqual(t, "repository", r.data()["repository"], `{
		"owner": {"__typename": "User", "login": "octo"}, "isPrivate": false, "visibility": "PUBLIC",
		"deployments": {"nodes": [
			{"databaseId": 1, "ref": {"name": "main", "prefix": "refs/heads/"}, "creator": {"__typename": "User", "login": "alice"}, "statuses": {"nodes": []}},
			{"databaseId": 2, "ref": {"name": "release/1.x", "prefix": "refs/heads/"}, "creator": {"__typename": "Bot", "login": "github-actions"}, "statuses": {"nodes": []}},
			{"databaseId": 3, "ref": {"name": "v1.2.0", "prefix": "refs/tags/"}, "creator": {"__typename": "User", "login": "ghost"}, "statuses": {"nodes": []}},
			{"databaseId": 4, "ref": null, "creator": {"__typename": "Bot", "login": "dependabot"},
			 "statuses": {"nodes": [{"state": "FAILURE", "creator": {"__typename": "Bot", "login": "github-actions"}}]}},
			{"databaseId": 5, "ref": {"name": "v2.14.0", "prefix": "refs/tags/"}, "creator": {"__typename": "User", "login": "bob"}, "statuses": {"nodes": []}}
		]}}`)
	if errs := r.errors(); errs != nil {
		t.Errorf("errors: %v", errs)
	}
}
