package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// As GitHub Enterprise Server, the sandbox answers the API only under
// /api/v3/: the same request at the root is a 404, counted apart, and its
// own admin routes stay at the root.
func TestEnterpriseServerServesOnlyUnderAPIV3(t *testing.T) {
	o := newTestOrg(t, Options{EnterpriseServer: true})
	jwt := o.validJWT(t)
	if resp, obj, _ := o.do(t, "GET", "api/v3/app/installations", jwt, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v3/app/installations: %d %v", resp.StatusCode, obj)
	}
	resp, obj, _ := o.do(t, "GET", "app/installations", jwt, nil)
	if resp.StatusCode != http.StatusNotFound || obj["message"] != "Not Found" {
		t.Errorf("GET /app/installations at the root: %d %v, want GitHub's 404", resp.StatusCode, obj)
	}
	counts := o.srv.Counts()
	if counts[CountOutsideAPIV3] != 1 || counts["GET /app/installations"] != 1 || counts["total"] != 1 {
		t.Errorf("counts %v, want one request under /api/v3/ and one %q", counts, CountOutsideAPIV3)
	}
	if resp, _, _ := o.do(t, "GET", "_sandbox/counts", "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("admin route at the root: %d", resp.StatusCode)
	}
}

// A gate holds its route's requests until the test lets them go, and
// counts how many it held at once.
func TestGateHoldsRequestsUntilLetGo(t *testing.T) {
	gate := NewGate()
	o := newTestOrg(t, Options{Gates: map[string]*Gate{"GET /app/installations": gate}})
	jwt := o.validJWT(t)
	codes := make(chan int, 3)
	for range 3 {
		go func() {
			req, _ := http.NewRequest("GET", o.url+"app/installations", nil)
			req.Header.Set("Authorization", "Bearer "+jwt)
			resp, err := o.client.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	if err := gate.WaitHeld(3, time.Minute); err != nil {
		t.Fatal(err)
	}
	// Another route passes by.
	if resp, _, _ := o.do(t, "GET", "app/installations/10", jwt, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("ungated route: %d", resp.StatusCode)
	}
	gate.Let(1)
	if code := <-codes; code != http.StatusOK {
		t.Errorf("request let go: %d", code)
	}
	if n := gate.Held(); n != 2 {
		t.Errorf("%d held after letting one go, want 2", n)
	}
	gate.Open()
	for range 2 {
		if code := <-codes; code != http.StatusOK {
			t.Errorf("request after Open: %d", code)
		}
	}
	if resp, _, _ := o.do(t, "GET", "app/installations", jwt, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("request through the open gate: %d", resp.StatusCode)
	}
	if gate.Peak() != 3 {
		t.Errorf("peak %d, want 3", gate.Peak())
	}
	if err := NewGate().WaitHeld(1, time.Millisecond); err == nil || !strings.Contains(err.Error(), "0 request(s) held") {
		t.Errorf("WaitHeld on an idle gate: %v", err)
	}
}

// Playing GHES, the sandbox has GraphQL at /api/graphql only, as GHES does.
func TestEnterpriseServerServesGraphQLOnlyAtAPIGraphQL(t *testing.T) {
	srv, _ := ServeExample(t, Options{EnterpriseServer: true})
	for path, want := range map[string]int{"graphql": http.StatusNotFound, "api/graphql": http.StatusUnauthorized} {
		resp, err := http.Post(srv.URL()+path, "application/json", strings.NewReader(`{"query":"{ viewer { login } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("POST /%s without credentials: %d, want %d", path, resp.StatusCode, want)
		}
	}
	if n := srv.Counts()[CountOutsideAPIV3]; n != 1 {
		t.Errorf("%d requests counted outside GHES's paths, want the one to /graphql", n)
	}
}
