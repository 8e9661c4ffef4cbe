package ghclient

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

const (
	testAppID  = 101
	instAcme   = 201 // every permission the provider reads, on acme
	instLabs   = 202 // deployments and metadata only, on labs
	statusHeap = 9001
)

var readAll = map[string]string{
	"actions": "read", "deployments": "read", "issues": "read",
	"metadata": "read", "pull_requests": "read", "members": "read",
}

// testFixture is a small organisation: acme/api has 350 hourly deployments
// (newest at "now") and one deployment with 250 statuses; acme/svc-00…29 are
// small repositories for fan-out; labs/tool is in an installation with few
// permissions.
func testFixture(t testing.TB, now time.Time) *sandbox.Fixture {
	t.Helper()
	pub, err := x509.MarshalPKIXPublicKey(&rsaKey(t).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	created := now.Add(-365 * 24 * time.Hour)
	f := &sandbox.Fixture{
		Apps: []sandbox.App{{ID: testAppID, Slug: "dxgh-test", Name: "dxgh test",
			PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))}},
		Installations: []sandbox.Installation{
			{ID: instAcme, AppID: testAppID, Account: sandbox.Account{ID: 1, Login: "acme", Type: "Organization"},
				RepositorySelection: "all", Permissions: readAll, CreatedAt: created},
			{ID: instLabs, AppID: testAppID, Account: sandbox.Account{ID: 2, Login: "labs", Type: "Organization"},
				RepositorySelection: "all", Permissions: map[string]string{"deployments": "write", "metadata": "read"}, CreatedAt: created},
		},
	}
	api := sandbox.Repository{ID: 1000, FullName: "acme/api", Visibility: "private", DefaultBranch: "main", CreatedAt: created,
		Environments: []sandbox.Environment{{ID: 1, Name: "production", CreatedAt: created}, {ID: 2, Name: "staging", CreatedAt: created}}}
	for i := 0; i < 350; i++ {
		env := "production"
		if i%2 == 1 {
			env = "staging"
		}
		at := now.Add(-time.Duration(i) * time.Hour)
		api.Deployments = append(api.Deployments, sandbox.Deployment{
			ID: int64(100000 + i), SHA: fmt.Sprintf("%040d", i), Ref: "main", Task: "deploy", Environment: env,
			ProductionEnvironment: env == "production", Creator: "octocat", CreatedAt: at,
			Statuses: []sandbox.Status{{ID: int64(500000 + i), State: "success", Creator: "octocat", CreatedAt: at.Add(time.Minute)}},
		})
	}
	heap := sandbox.Deployment{ID: statusHeap, SHA: strings.Repeat("f", 40), Ref: "main", Task: "deploy", Environment: "production",
		ProductionEnvironment: true, Creator: "octocat", CreatedAt: created}
	for i := 0; i < 250; i++ {
		heap.Statuses = append(heap.Statuses, sandbox.Status{ID: int64(700000 + i), State: "in_progress", Creator: "octocat",
			CreatedAt: created.Add(time.Duration(i) * time.Second)})
	}
	api.Deployments = append(api.Deployments, heap)
	f.Repositories = append(f.Repositories, api)
	for i := 0; i < 30; i++ {
		f.Repositories = append(f.Repositories, sandbox.Repository{ID: int64(2000 + i), FullName: fmt.Sprintf("acme/svc-%02d", i),
			Visibility: "private", DefaultBranch: "main", CreatedAt: created,
			Environments: []sandbox.Environment{{ID: int64(3000 + i), Name: "production", CreatedAt: created}}})
	}
	f.Repositories = append(f.Repositories, sandbox.Repository{ID: 4000, FullName: "labs/tool", Visibility: "private",
		DefaultBranch: "main", CreatedAt: created,
		Deployments: []sandbox.Deployment{{ID: 400001, SHA: strings.Repeat("a", 40), Ref: "main", Task: "deploy",
			Environment: "production", ProductionEnvironment: true, Creator: "octocat", CreatedAt: now.Add(-time.Hour)}}})
	return f
}

// serve starts the sandbox on loopback and returns its URL and the server.
func serve(t *testing.T, opts sandbox.Options) (string, *sandbox.Server) {
	t.Helper()
	return serveAt(t, time.Now().UTC().Truncate(time.Second), opts)
}

// serveAt is serve with the fixture's newest deployment at now, for tests
// whose expectations are dated from it.
func serveAt(t *testing.T, now time.Time, opts sandbox.Options) (string, *sandbox.Server) {
	t.Helper()
	srv := sandbox.ServeTest(t, testFixture(t, now), opts)
	return srv.URL(), srv
}

// recorder sits under the client as its BaseTransport: it measures
// requests in flight and keeps every secret that crossed the wire (JWTs,
// tokens) so tests can look for them where they must not be.
type recorder struct {
	next http.RoundTripper

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	tokenAsks   []map[string]any
	secrets     []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.inFlight++
	r.maxInFlight = max(r.maxInFlight, r.inFlight)
	if auth := req.Header.Get("Authorization"); auth != "" {
		_, secret, _ := strings.Cut(auth, " ")
		r.secrets = append(r.secrets, secret)
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.inFlight--
		r.mu.Unlock()
	}()
	if isTokenRequest(req) && req.Body != nil {
		data, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(data))
		var ask map[string]any
		_ = json.Unmarshal(data, &ask)
		r.mu.Lock()
		r.tokenAsks = append(r.tokenAsks, ask)
		r.mu.Unlock()
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil || !isTokenRequest(req) {
		return resp, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var tok struct {
		Token string `json:"token"`
	}
	if json.Unmarshal(data, &tok) == nil && tok.Token != "" {
		r.mu.Lock()
		r.secrets = append(r.secrets, tok.Token)
		r.mu.Unlock()
	}
	return resp, err
}

// newTestClient returns a client for the sandbox at url whose sleeps are
// scaled down a thousandfold.
func newTestClient(t *testing.T, url string, edit ...func(*Config)) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{next: http.DefaultTransport}
	cfg := Config{AppID: testAppID, PrivateKey: rsaKey(t), BaseURL: url, BaseTransport: rec}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.waitScale = 0.001
	return c, rec
}

func installation(t *testing.T, c *Client, id int64) Installation {
	t.Helper()
	insts, err := c.Installations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range insts {
		if inst.ID == id {
			return inst
		}
	}
	t.Fatalf("installation %d not listed in %+v", id, insts)
	return Installation{}
}

func repository(t *testing.T, c *Client, inst Installation, fullName string) Repository {
	t.Helper()
	repos, err := c.InstallationRepositories(context.Background(), inst)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos {
		if r.FullName == fullName {
			return r
		}
	}
	t.Fatalf("repository %s not listed", fullName)
	return Repository{}
}

func durationPtr(d time.Duration) *time.Duration { return &d }
