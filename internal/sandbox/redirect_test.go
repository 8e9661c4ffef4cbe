package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func noFollow(o *testOrg) {
	o.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
}

func TestRedirectRules(t *testing.T) {
	o := newTestOrg(t, Options{})
	noFollow(o)
	rec := StartRecorder(t)
	if err := o.srv.SetRedirects(Redirect{Route: "GET /app/installations", Status: http.StatusTemporaryRedirect, To: rec.URL() + "/elsewhere/"}); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "api/v3/"} {
		resp, obj, _ := o.do(t, "GET", prefix+"app/installations?per_page=100", o.validJWT(t), nil)
		want := rec.URL() + "/elsewhere/app/installations?per_page=100"
		if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != want || obj["url"] != want {
			t.Errorf("%sapp/installations: %d, Location %q, body %v; want 307 to %s", prefix, resp.StatusCode, resp.Header.Get("Location"), obj, want)
		}
	}
	if got := o.srv.Counts()["redirect: 307"]; got != 2 {
		t.Errorf(`Counts()["redirect: 307"] = %d, want 2`, got)
	}
	// Other routes are served as before.
	if resp, _, _ := o.do(t, "GET", "app/installations/10", o.validJWT(t), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("a route without a rule: %d, want 200", resp.StatusCode)
	}
	if len(rec.Requests()) != 0 {
		t.Errorf("the recorder got %d requests from a client that follows no redirect", len(rec.Requests()))
	}

	for _, bad := range []Redirect{
		{Route: "GET /app/installations", Status: http.StatusNotModified, To: rec.URL()},
		{Route: "GET /nowhere", Status: http.StatusFound, To: rec.URL()},
		{Route: "GET /app/installations", Status: http.StatusFound, To: "/relative"},
	} {
		if err := o.srv.SetRedirects(bad); err == nil {
			t.Errorf("SetRedirects(%+v) accepted", bad)
		}
	}

	// The admin route replaces the rules; an empty list removes them.
	req, _ := http.NewRequest(http.MethodPut, o.url+"_sandbox/redirects", strings.NewReader(`[]`))
	if resp, err := o.client.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT /_sandbox/redirects: %v %v", resp, err)
	}
	if resp, _, _ := o.do(t, "GET", "app/installations", o.validJWT(t), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("after removing the rules: %d, want 200", resp.StatusCode)
	}
}

func TestRecorderKeepsHeaders(t *testing.T) {
	rec := StartRecorder(t)
	req, _ := http.NewRequest(http.MethodGet, rec.URL()+"/x?y=1", nil)
	req.Header.Set("Authorization", "token ghs_secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := rec.Requests()
	if resp.StatusCode != http.StatusNotFound || len(got) != 1 || got[0].URL != "/x?y=1" || got[0].Header.Get("Authorization") != "token ghs_secret" {
		t.Errorf("recorder answered %d and recorded %+v", resp.StatusCode, got)
	}
}

// A renamed repository answers 301 to its address by ID, as on GitHub, for
// a token that can reach it; that address serves it.
func TestFormerNameRedirects(t *testing.T) {
	o := newTestOrg(t, Options{})
	noFollow(o)
	tok := o.token(t, "")
	resp, obj, _ := o.do(t, "GET", "api/v3/repos/acme/website/deployments?per_page=5", tok, nil)
	want := o.url + "api/v3/repositories/2/deployments?per_page=5"
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want || obj["message"] != "Moved Permanently" {
		t.Fatalf("former name: %d, Location %q, body %v; want 301 to %s", resp.StatusCode, resp.Header.Get("Location"), obj, want)
	}
	resp, _, arr := o.do(t, "GET", "repositories/1/deployments?per_page=5", tok, nil)
	if resp.StatusCode != http.StatusOK || len(arr) != 5 {
		t.Errorf("repositories/1/deployments: %d with %d deployments, want 200 with 5", resp.StatusCode, len(arr))
	}
	if resp, _, _ := o.do(t, "GET", "repos/acme/website/deployments", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("former name without a token: %d, want 401", resp.StatusCode)
	}
	if resp, _, _ := o.do(t, "GET", "repositories/99/deployments", tok, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown repository ID: %d, want 404", resp.StatusCode)
	}
}
