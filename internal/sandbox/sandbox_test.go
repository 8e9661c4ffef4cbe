package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// testOrg is a small organisation: app 1 on org "acme" (all repositories)
// with 3 repositories, one of which has 250 deployments; acme/web was
// called acme/website before.
type testOrg struct {
	srv    *Server
	url    string
	key    *rsa.PrivateKey
	other  *rsa.PrivateKey
	now    time.Time
	client *http.Client
}

func newTestOrg(t *testing.T, opts Options) *testOrg {
	t.Helper()
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var deps []Deployment
	for i := 0; i < 250; i++ {
		deps = append(deps, Deployment{ID: int64(1000 + i), SHA: fmt.Sprintf("%040d", i), Ref: "main", Task: "deploy",
			Environment: []string{"production", "Production", "staging"}[i%3], Creator: "alice", CreatedAt: base.Add(time.Duration(i) * time.Hour),
			Statuses: []Status{{ID: int64(5000 + i), State: "success", CreatedAt: base.Add(time.Duration(i)*time.Hour + time.Minute)}}})
	}
	f := &Fixture{
		Apps: []App{{ID: 1, Slug: "dx", Name: "DX", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))}},
		Installations: []Installation{{ID: 10, AppID: 1, Account: Account{ID: 100, Login: "acme", Type: "Organization"},
			RepositorySelection: "all", Permissions: map[string]string{"metadata": "read", "deployments": "write", "actions": "read"}, CreatedAt: base}},
		Repositories: []Repository{
			{ID: 1, FullName: "acme/api", Visibility: "private", Deployments: deps, Environments: []Environment{{ID: 1, Name: "production", CreatedAt: base}}},
			{ID: 2, FullName: "acme/web", Visibility: "public", FormerNames: []string{"acme/website"}},
			{ID: 3, FullName: "other/secret", Visibility: "private"},
		},
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	srv := ServeTest(t, f, opts)
	return &testOrg{srv: srv, url: srv.URL(), key: key, other: other, now: opts.Now(), client: newTestOrgClient()}
}

func (o *testOrg) jwt(t *testing.T, key *rsa.PrivateKey, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (o *testOrg) validJWT(t *testing.T) string {
	return o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": o.now.Add(-30 * time.Second).Unix(), "exp": o.now.Add(5 * time.Minute).Unix()})
}

func (o *testOrg) do(t *testing.T, method, path, cred string, body io.Reader, header ...string) (*http.Response, map[string]any, []any) {
	t.Helper()
	req, _ := http.NewRequest(method, o.url+strings.TrimPrefix(path, "/"), body)
	if cred != "" {
		req.Header.Set("Authorization", "Bearer "+cred)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := o.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var obj map[string]any
	var arr []any
	if json.Unmarshal(raw, &obj) != nil {
		_ = json.Unmarshal(raw, &arr)
	}
	return resp, obj, arr
}

func (o *testOrg) token(t *testing.T, body string) string {
	t.Helper()
	resp, obj, _ := o.do(t, "POST", "app/installations/10/access_tokens", o.validJWT(t), strings.NewReader(body))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("token: %d %v", resp.StatusCode, obj)
	}
	return obj["token"].(string)
}

func TestJWTVerification(t *testing.T) {
	o := newTestOrg(t, Options{})
	now := o.now
	cases := []struct {
		name    string
		token   string
		status  int
		message string
	}{
		{"valid, iss as a string", o.validJWT(t), 200, ""},
		{"valid, iss as a number", o.jwt(t, o.key, jwt.MapClaims{"iss": 1, "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}), 200, ""},
		{"signed by another key", o.jwt(t, o.other, jwt.MapClaims{"iss": "1", "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}), 401, msgJWTUndecodable},
		{"expired", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": now.Add(-20 * time.Minute).Unix(), "exp": now.Add(-10 * time.Minute).Unix()}), 401, msgExpInvalid},
		{"exp more than ten minutes ahead", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": now.Unix(), "exp": now.Add(11 * time.Minute).Unix()}), 401, msgExpTooFar},
		{"iat in the future (clock ahead)", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": now.Add(5 * time.Minute).Unix(), "exp": now.Add(9 * time.Minute).Unix()}), 401, msgIatInvalid},
		{"no iat", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "exp": now.Add(5 * time.Minute).Unix()}), 401, msgIatInvalid},
		{"unknown app", o.jwt(t, o.key, jwt.MapClaims{"iss": "999", "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}), 404, msgIntegration},
		{"HS256 is refused", hs256(t), 401, msgJWTUndecodable},
		{"alg none is refused", noneAlg(now), 401, msgJWTUndecodable},
		{"garbage", "a.b.c", 401, msgJWTUndecodable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, obj, _ := o.do(t, "GET", "app/installations", tc.token, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d (%v)", resp.StatusCode, tc.status, obj)
			}
			if tc.message != "" && obj["message"] != tc.message {
				t.Errorf("message %q, want %q", obj["message"], tc.message)
			}
			if tc.status != 200 && obj["documentation_url"] == nil {
				t.Error("GitHub's error body has documentation_url")
			}
		})
	}
}

func hs256(t *testing.T) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "1", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix()}).SignedString([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func noneAlg(now time.Time) string {
	s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"iss": "1", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	return s
}

func TestInstallationTokens(t *testing.T) {
	clock := time.Now()
	now := func() time.Time { return clock }
	o := newTestOrg(t, Options{TokenTTL: time.Minute, Now: now})

	tok := o.token(t, `{"permissions":{"metadata":"read","deployments":"read"}}`)
	if !strings.HasPrefix(tok, "ghs_") {
		t.Errorf("token %q does not look like GitHub's", tok)
	}
	resp, obj, _ := o.do(t, "GET", "installation/repositories", tok, nil)
	if resp.StatusCode != 200 || obj["total_count"].(float64) != 2 {
		t.Fatalf("repositories: %d %v", resp.StatusCode, obj["total_count"])
	}
	// Narrowed to read deployments: environments needs actions, so 403.
	resp, obj, _ = o.do(t, "GET", "repos/acme/api/environments", tok, nil)
	if resp.StatusCode != 403 || obj["message"] != msgNotAccessible {
		t.Errorf("environments without actions: %d %v", resp.StatusCode, obj)
	}
	// Another account's repository is hidden, not forbidden.
	if resp, _, _ = o.do(t, "GET", "repos/other/secret/deployments", tok, nil); resp.StatusCode != 404 {
		t.Errorf("repository outside the installation: %d, want 404", resp.StatusCode)
	}
	// Asking for more than the installation has is refused.
	resp, _, _ = o.do(t, "POST", "app/installations/10/access_tokens", o.validJWT(t), strings.NewReader(`{"permissions":{"issues":"read"}}`))
	if resp.StatusCode != 422 {
		t.Errorf("token with a permission the installation lacks: %d, want 422", resp.StatusCode)
	}
	// A revoked permission takes effect on existing tokens at once.
	if err := o.srv.SetPermission(10, "deployments", ""); err != nil {
		t.Fatal(err)
	}
	if resp, _, _ = o.do(t, "GET", "repos/acme/api/deployments", tok, nil); resp.StatusCode != 403 {
		t.Errorf("deployments after revocation: %d, want 403", resp.StatusCode)
	}
	// Tokens expire.
	clock = clock.Add(61 * time.Second)
	resp, obj, _ = o.do(t, "GET", "installation/repositories", tok, nil)
	if resp.StatusCode != 401 || obj["message"] != msgBadCredentials {
		t.Errorf("expired token: %d %v", resp.StatusCode, obj)
	}
	// A JWT is not a token, and a suspended installation gets none.
	if resp, _, _ = o.do(t, "GET", "installation/repositories", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": clock.Unix(), "exp": clock.Add(time.Minute).Unix()}), nil); resp.StatusCode != 401 {
		t.Errorf("JWT on a token route: %d, want 401", resp.StatusCode)
	}
	_ = o.srv.SetSuspended(10, true)
	resp, _, _ = o.do(t, "POST", "app/installations/10/access_tokens", o.jwt(t, o.key, jwt.MapClaims{"iss": "1", "iat": clock.Unix(), "exp": clock.Add(time.Minute).Unix()}), nil)
	if resp.StatusCode != 403 {
		t.Errorf("token for a suspended installation: %d, want 403", resp.StatusCode)
	}
}

func TestPaginationETagAndGHESPrefix(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	// per_page is capped at 100: 250 deployments are 3 pages.
	resp, _, arr := o.do(t, "GET", "api/v3/repos/acme/api/deployments?per_page=500&environment=production", tok, nil)
	if resp.StatusCode != 200 || len(arr) != 84 {
		t.Fatalf("environment filter (exact case): %d, %d items, want 84 of 250", resp.StatusCode, len(arr))
	}
	resp, _, arr = o.do(t, "GET", "repos/acme/api/deployments?per_page=500", tok, nil)
	if len(arr) != 100 {
		t.Fatalf("per_page over 100 gave %d items", len(arr))
	}
	link := resp.Header.Get("Link")
	if !regexp.MustCompile(`[?&]page=2[&>][^,]*rel="next"`).MatchString(link) || !regexp.MustCompile(`[?&]page=3[&>][^,]*rel="last"`).MatchString(link) {
		t.Errorf("Link = %s", link)
	}
	first := arr[0].(map[string]any)
	if first["id"].(float64) != 1249 || first["production_environment"] != false {
		t.Errorf("newest first: %v", first["id"])
	}
	// Default page size is 30; the GHES prefix keeps itself in links.
	resp, _, arr = o.do(t, "GET", "api/v3/repos/acme/api/deployments", tok, nil)
	if len(arr) != 30 || !strings.Contains(resp.Header.Get("Link"), "/api/v3/repos/acme/api/deployments?page=2") {
		t.Errorf("default page: %d items, Link %s", len(arr), resp.Header.Get("Link"))
	}
	// ETag and 304, which costs no quota.
	etag := resp.Header.Get("ETag")
	remaining := resp.Header.Get("X-RateLimit-Remaining")
	resp, _, _ = o.do(t, "GET", "api/v3/repos/acme/api/deployments", tok, nil, "If-None-Match", etag)
	if resp.StatusCode != 304 || resp.Header.Get("X-RateLimit-Remaining") != remaining {
		t.Errorf("If-None-Match: %d, remaining %s then %s", resp.StatusCode, remaining, resp.Header.Get("X-RateLimit-Remaining"))
	}
	if resp.Header.Get("X-RateLimit-Limit") != "5000" || resp.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("rate-limit headers missing: %v", resp.Header)
	}
	if c := o.srv.Counts(); c["GET /repos/{owner}/{repo}/deployments"] != 4 || c["POST /app/installations/{installation_id}/access_tokens"] != 1 {
		t.Errorf("counts = %v", c)
	}
}

func TestFaultsAreDeterministic(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	sequence := func() string {
		o.srv.SetFaults(Faults{Seed: 42, ServerErrorRate: 0.3, SecondaryRateLimitRate: 0.2, RetryAfter: time.Second})
		var b strings.Builder
		for i := 1; i <= 3; i++ {
			for try := 0; try < 4; try++ {
				resp, _, _ := o.do(t, "GET", fmt.Sprintf("repos/acme/api/deployments?page=%d", i), tok, nil)
				fmt.Fprintf(&b, "%d,", resp.StatusCode)
				if resp.StatusCode == 403 || resp.StatusCode == 429 {
					if resp.Header.Get("Retry-After") != "1" {
						t.Errorf("secondary limit without retry-after")
					}
				}
			}
		}
		return b.String()
	}
	a, b := sequence(), sequence()
	if a != b {
		t.Errorf("same seed, different faults:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "200") || strings.Count(a, "200") == 12 {
		t.Errorf("rates of 0.5 should give both faults and successes: %s", a)
	}
}

func TestPrimaryExhaustion(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	o.srv.SetFaults(Faults{PrimaryLimitAfter: 2, PrimaryResetAfter: time.Hour})
	var last *http.Response
	var obj map[string]any
	for i := 0; i < 3; i++ {
		last, obj, _ = o.do(t, "GET", "repos/acme/api/environments", tok, nil)
	}
	if last.StatusCode != 403 || last.Header.Get("X-RateLimit-Remaining") != "0" || !strings.Contains(obj["message"].(string), "API rate limit exceeded") {
		t.Errorf("third request: %d remaining %s %v", last.StatusCode, last.Header.Get("X-RateLimit-Remaining"), obj)
	}
}

func newTestOrgClient() *http.Client { return &http.Client{Timeout: 10 * time.Second} }
