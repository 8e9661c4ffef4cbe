package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// credentialRead is a read made with one of the two credentials, and the
// route the sandbox redirects for it.
type credentialRead struct {
	name, route, path, repository string
	// prepare runs before the redirect is set (listing what the read needs);
	// read is the read that gets redirected.
	prepare func(t *testing.T, c *Client) Repository
	read    func(c *Client, repo Repository) error
}

var credentialReads = []credentialRead{
	{
		name: "app JWT", route: "GET /app/installations", path: "/app/installations",
		prepare: func(*testing.T, *Client) Repository { return Repository{} },
		read: func(c *Client, _ Repository) error {
			_, err := c.Installations(context.Background())
			return err
		},
	},
	{
		name: "installation token", route: "GET /repos/{owner}/{repo}/deployments", path: "/repos/acme/api/deployments",
		repository: "acme/api",
		prepare: func(t *testing.T, c *Client) Repository {
			return repository(t, c, installation(t, c, instAcme), "acme/api")
		},
		read: func(c *Client, repo Repository) error {
			_, err := c.Deployments(context.Background(), repo, DeploymentQuery{})
			return err
		},
	},
}

// A redirect to another host (here another port of 127.0.0.1) is refused
// before anything is sent there, for every redirect code and both
// credentials, and the refusal is not retried.
func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	for _, cr := range credentialReads {
		for _, code := range []int{301, 302, 307, 308} {
			t.Run(fmt.Sprintf("%s/%d", cr.name, code), func(t *testing.T) {
				url, srv := serve(t, sandbox.Options{})
				stranger := sandbox.StartRecorder(t)
				c, _ := newTestClient(t, url)
				repo := cr.prepare(t, c)
				if err := srv.SetRedirects(sandbox.Redirect{Route: cr.route, Status: code, To: stranger.URL()}); err != nil {
					t.Fatal(err)
				}
				srv.ResetCounts()

				err := cr.read(c, repo)

				for _, r := range stranger.Requests() {
					t.Errorf("the other host received %s %s (Authorization set: %t)", r.Method, r.URL, r.Header.Get("Authorization") != "")
				}
				target := stranger.URL() + cr.path
				assertRedirectRefused(t, err, code, cr, target)
				if n := srv.Counts()[cr.route]; n != 1 {
					t.Errorf("%s was requested %d times, want 1 (a refused redirect is not retried)", cr.route, n)
				}
			})
		}
	}
}

func assertRedirectRefused(t *testing.T, err error, code int, cr credentialRead, target string) {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T), want an *APIError", err, err)
	}
	if ae.StatusCode != code || ae.Route != cr.route || ae.Path != cr.path || ae.Repository != cr.repository {
		t.Errorf("APIError %+v, want status %d, route %q, path %q, repository %q", ae, code, cr.route, cr.path, cr.repository)
	}
	msg := err.Error()
	if !strings.Contains(msg, target+" (another host or scheme than base_url") || !strings.Contains(msg, "not followed") {
		t.Errorf("error %q does not name the target %s and say it was not followed", msg, target)
	}
	if strings.Contains(msg, "per_page") {
		t.Errorf("error %q shows the target's query", msg)
	}
}

// wireLog sits under the client and notes each request's scheme and host
// and whether it carried credentials.
type wireLog struct {
	next http.RoundTripper
	mu   sync.Mutex
	sent []string
}

func (w *wireLog) RoundTrip(req *http.Request) (*http.Response, error) {
	w.mu.Lock()
	w.sent = append(w.sent, fmt.Sprintf("%s://%s%s (Authorization set: %t)", req.URL.Scheme, req.URL.Host, req.URL.Path, req.Header.Get("Authorization") != ""))
	w.mu.Unlock()
	return w.next.RoundTrip(req)
}

// A redirect from https to plain http on the same host and port is refused
// before anything goes out over plain http.
func TestRedirectToPlainHTTPIsRefused(t *testing.T) {
	for _, cr := range credentialReads {
		for _, code := range []int{302, 308} {
			t.Run(fmt.Sprintf("%s/%d", cr.name, code), func(t *testing.T) {
				srv, err := sandbox.New(testFixture(t, time.Now().UTC().Truncate(time.Second)), sandbox.Options{})
				if err != nil {
					t.Fatal(err)
				}
				ts := httptest.NewTLSServer(srv)
				t.Cleanup(ts.Close)
				wire := &wireLog{next: ts.Client().Transport}
				c, _ := newTestClient(t, ts.URL, func(cfg *Config) { cfg.BaseTransport = wire })
				repo := cr.prepare(t, c) // over https: works
				plain := "http://" + ts.Listener.Addr().String()
				if err := srv.SetRedirects(sandbox.Redirect{Route: cr.route, Status: code, To: plain}); err != nil {
					t.Fatal(err)
				}

				err = cr.read(c, repo)

				wire.mu.Lock()
				for _, s := range wire.sent {
					if strings.HasPrefix(s, "http:") {
						t.Errorf("sent over plain http: %s", s)
					}
				}
				wire.mu.Unlock()
				assertRedirectRefused(t, err, code, cr, plain+cr.path)
			})
		}
	}
}

// GitHub answers 301 for a renamed or transferred repository: a redirect
// within base_url is followed, and the read returns the repository's data.
func TestRedirectWithinBaseURLIsFollowed(t *testing.T) {
	f := testFixture(t, time.Now().UTC().Truncate(time.Second))
	f.Repositories[0].FormerNames = []string{"acme/old-api"} // acme/api
	srv := sandbox.ServeTest(t, f, sandbox.Options{})
	c, _ := newTestClient(t, srv.URL()+"api/v3/")
	current := repository(t, c, installation(t, c, instAcme), "acme/api")
	old := current
	old.FullName = "acme/old-api"

	want, err := c.Deployments(context.Background(), current, DeploymentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Deployments(context.Background(), old, DeploymentQuery{})
	if err != nil {
		t.Fatalf("deployments by the former name: %v", err)
	}
	ids := func(ds []Deployment) []int64 {
		var out []int64
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	if len(got) != 351 || !slices.Equal(ids(got), ids(want)) {
		t.Errorf("by the former name: %d deployments, want the %d of acme/api", len(got), len(want))
	}
	envs, err := c.Environments(context.Background(), old)
	if err != nil || len(envs) != 2 {
		t.Errorf("environments by the former name: %d, %v; want 2", len(envs), err)
	}
	if n := srv.Counts()["redirect: 301"]; n != 2 {
		t.Errorf("the sandbox redirected %d times, want 2 (the first page of each read)", n)
	}
}

// A redirect loop within base_url ends with an error, as net/http's own
// limit would, instead of going on.
func TestRedirectLoopStops(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	if err := srv.SetRedirects(sandbox.Redirect{Route: "GET /app/installations", Status: 307, To: strings.TrimSuffix(url, "/")}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Installations(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || !strings.Contains(ae.Message, "stopped after 10 redirects") {
		t.Fatalf("error %v, want an *APIError saying it stopped after 10 redirects", err)
	}
	if n := srv.Counts()["GET /app/installations"]; n != maxRedirects {
		t.Errorf("GET /app/installations requested %d times, want %d", n, maxRedirects)
	}
}

func TestSameOrigin(t *testing.T) {
	base, _ := url.Parse("https://api.github.com/")
	for target, want := range map[string]bool{
		"https://api.github.com/repositories/1/deployments": true,
		"HTTPS://API.GitHub.com/x":                          true,
		"https://api.github.com:443/x":                      true,
		"http://api.github.com/x":                           false,
		"https://api.github.com:8443/x":                     false,
		"https://evil.example/x":                            false,
		"https://api.github.com.evil.example/x":             false,
		"https://user@evil.example/x":                       false,
	} {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		if got := sameOrigin(u, base); got != want {
			t.Errorf("sameOrigin(%s, %s) = %t, want %t", target, base, got, want)
		}
	}
	u, _ := url.Parse("https://user:pw@evil.example/p?token=x#f")
	if got := withoutSecrets(u); got != "https://evil.example/p" {
		t.Errorf("withoutSecrets = %q", got)
	}
}
