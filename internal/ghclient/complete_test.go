package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Results are complete or the read fails: each test here is a list GitHub
// (or something posing as it) serves in a way that, read naively, yields a
// shorter or longer list than the real one.

func TestARepeatedNextLinkFailsTheRead(t *testing.T) {
	// Page 2 links back to itself: read naively, the list ends after page 2.
	p := &pagedInstallations{links: func(u string, page int) string {
		return pageLink(u, 2, "next")
	}}
	insts, err := readPagedInstallations(t, p)
	if err == nil {
		t.Fatalf("got installations %s and no error; a list whose next link repeats cannot be complete", installationIDs(insts))
	}
	if !strings.Contains(err.Error(), "repeats a page already read") || !strings.Contains(err.Error(), "GET /app/installations") {
		t.Errorf("error %q does not say the next link repeats, on which request", err)
	}
}

func TestAMalformedLinkHeaderFailsTheRead(t *testing.T) {
	p := &pagedInstallations{links: func(u string, page int) string {
		if page == 1 {
			return fmt.Sprintf(`<%s/app/installations?page=2>; rel="next`, u) // unterminated quote
		}
		return ""
	}}
	insts, err := readPagedInstallations(t, p)
	if err == nil {
		t.Fatalf("got installations %s and no error; a list with an unreadable Link header cannot be known complete", installationIDs(insts))
	}
	if !strings.Contains(err.Error(), "malformed Link header") {
		t.Errorf("error %q does not say the Link header is malformed", err)
	}
	if len(p.requested) != 1 {
		t.Errorf("pages requested %v; a malformed Link is not retried", p.requested)
	}
}

func TestAListBeyondThePageBoundFails(t *testing.T) {
	p := &pagedInstallations{links: func(u string, page int) string {
		return pageLink(u, page+1, "next") // an endless list
	}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, srv.URL)
	c.maxPages = 5
	insts, err := c.Installations(context.Background())
	if err == nil || !strings.Contains(err.Error(), "more than 5 pages") {
		t.Fatalf("got %d installations, error %v; want the page bound named", len(insts), err)
	}
	if len(p.requested) != 5 {
		t.Errorf("pages requested %v, want exactly the 5 allowed", p.requested)
	}
}

func TestAnOversizedBodyFailsWithoutRetrying(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	acme := installation(t, c, instAcme)
	c.maxBodyBytes = 4 << 10 // a page of 31 repositories is larger
	_, err := c.InstallationRepositories(context.Background(), acme)
	if err == nil || !strings.Contains(err.Error(), "larger than 4 KiB") || !strings.Contains(err.Error(), "GET /installation/repositories") {
		t.Fatalf("error %v; want the body bound and the request named", err)
	}
	if n := srv.Counts()[routeRepositories]; n != 1 {
		t.Errorf("the repository list was requested %d times; the same answer must not be asked for again", n)
	}
}

// A deployment created while a repository's deployments are paged shifts
// every offset page by one, so the last deployment of page 1 is served again
// at the top of page 2. It must be counted once.
func TestADeploymentCreatedDuringTheReadIsCountedOnce(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	sb, err := sandbox.New(testFixture(t, now), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	created := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.ServeHTTP(w, r)
		if r.URL.Path == "/repos/acme/api/deployments" && r.URL.Query().Get("page") == "" {
			once.Do(func() {
				created = true
				if err := sb.AddDeployment("acme/api", sandbox.Deployment{ID: 999999, SHA: strings.Repeat("9", 40), Ref: "main",
					Task: "deploy", Environment: "production", ProductionEnvironment: true, Creator: "octocat", CreatedAt: now.Add(time.Minute)}); err != nil {
					t.Error(err)
				}
			})
		}
	}))
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, srv.URL)
	api := repository(t, c, installation(t, c, instAcme), "acme/api")

	// Paged one by one back to since, as the data sources read deployments.
	deps, err := c.Deployments(context.Background(), api, DeploymentQuery{Since: now.Add(-400 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatal("the deployment was never created during the read")
	}
	seen := map[int64]int{}
	for _, d := range deps {
		seen[d.ID]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("deployment %d listed %d times", id, n)
		}
	}
	// The fixture's 351, read from pages computed before and after the new one.
	if len(deps) != 351 || seen[999999] != 0 {
		t.Errorf("got %d deployments (new one seen %d times), want the 351 that existed when the read began", len(deps), seen[999999])
	}
}

// A page that fails when pages are followed one at a time (cursor links, or
// deployments paged back to since) fails the whole list too.
func TestAFailingPageFollowedByCursorFailsTheWholeList(t *testing.T) {
	p := &pagedInstallations{fail: 2, links: func(u string, page int) string {
		return fmt.Sprintf(`<%s/app/installations?per_page=100&page=%d&after=c%d>; rel="next"`, u, page+1, page)
	}}
	insts, err := readPagedInstallations(t, p)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("got installations %s, error %v; a list missing page 2 must fail with its 404", installationIDs(insts), err)
	}
}
