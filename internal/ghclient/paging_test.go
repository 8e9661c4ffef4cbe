package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// TestRemainingPagesAreRequestedAtOnce: the sandbox holds the status
// requests, so the test sees page 1 asked alone and then pages 2 and 3 both
// outstanding together, whatever the timing.
func TestRemainingPagesAreRequestedAtOnce(t *testing.T) {
	gate := sandbox.NewGate()
	url, srv := serve(t, sandbox.Options{Gates: map[string]*sandbox.Gate{routeStatuses: gate}})
	c, _ := newTestClient(t, url)
	api := repository(t, c, installation(t, c, instAcme), "acme/api")

	var sts []DeploymentStatus
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		sts, err = c.DeploymentStatuses(context.Background(), api, statusHeap)
	}()
	for _, step := range []struct {
		held int
		what string
	}{{1, "page 1"}, {2, "pages 2 and 3 together once page 1 named the last page"}} {
		if werr := gate.WaitHeld(step.held, time.Minute); werr != nil {
			gate.Open()
			<-done
			t.Fatalf("waiting for %s: %v", step.what, werr)
		}
		gate.Let(step.held)
	}
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Counts()[routeStatuses]; n != 3 {
		t.Errorf("250 statuses took %d requests, want 3 pages of 100", n)
	}
	if p := gate.Peak(); p != 2 {
		t.Errorf("%d status requests outstanding at most, want 2 (pages 2 and 3)", p)
	}
	// The pages arrive in any order; the list keeps GitHub's (newest first).
	if len(sts) != 250 {
		t.Fatalf("got %d statuses, want 250", len(sts))
	}
	for i := 1; i < len(sts); i++ {
		if sts[i].CreatedAt.After(sts[i-1].CreatedAt) {
			t.Fatalf("status %d (%s) is newer than status %d (%s): pages out of order", i, sts[i].CreatedAt, i-1, sts[i-1].CreatedAt)
		}
	}
}

// pagedInstallations serves GET /app/installations as pages of two, one
// installation ID per item, with Link headers built by links(page).
type pagedInstallations struct {
	links func(srvURL string, page int) string
	fail  int // a page answered with 404, every time

	mu        sync.Mutex
	requested []int
}

func (p *pagedInstallations) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page == 0 {
		page = 1
	}
	p.mu.Lock()
	p.requested = append(p.requested, page)
	p.mu.Unlock()
	if page == p.fail {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Not Found"}`)
		return
	}
	if l := p.links("http://"+r.Host, page); l != "" {
		w.Header().Set("Link", l)
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `[{"id":%d},{"id":%d}]`, 2*page-1, 2*page)
}

func pageLink(srvURL string, page int, rel string) string {
	return fmt.Sprintf(`<%s/app/installations?per_page=100&page=%d>; rel="%s"`, srvURL, page, rel)
}

func readPagedInstallations(t *testing.T, p *pagedInstallations) ([]Installation, error) {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, srv.URL)
	return c.Installations(context.Background())
}

func installationIDs(insts []Installation) string {
	ids := make([]string, len(insts))
	for i, inst := range insts {
		ids[i] = strconv.FormatInt(inst.ID, 10)
	}
	return strings.Join(ids, ",")
}

func TestAListThatGrewWhileReadIsFollowedToItsEnd(t *testing.T) {
	// Page 1 says the last page is 3, but by the time page 3 is read the
	// list has a fourth: page 3's own next link must be followed.
	p := &pagedInstallations{links: func(u string, page int) string {
		switch page {
		case 1:
			return pageLink(u, 2, "next") + ", " + pageLink(u, 3, "last")
		case 2:
			return pageLink(u, 3, "next") + ", " + pageLink(u, 3, "last")
		case 3:
			return pageLink(u, 4, "next") + ", " + pageLink(u, 4, "last")
		}
		return ""
	}}
	insts, err := readPagedInstallations(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := installationIDs(insts), "1,2,3,4,5,6,7,8"; got != want {
		t.Errorf("installations %s, want %s", got, want)
	}
	if len(p.requested) != 4 {
		t.Errorf("pages requested %v, want each of 1..4 once", p.requested)
	}
}

func TestAFailingPageFailsTheWholeList(t *testing.T) {
	p := &pagedInstallations{fail: 3, links: func(u string, page int) string {
		if page == 1 {
			return pageLink(u, 2, "next") + ", " + pageLink(u, 4, "last")
		}
		return ""
	}}
	insts, err := readPagedInstallations(t, p)
	if err == nil {
		t.Fatalf("got %d installations and no error; a list missing page 3 must fail", len(insts))
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Route != "GET /app/installations" {
		t.Errorf("error %q (%T) is not GitHub's 404 for GET /app/installations", err, err)
	}
}

func TestCursorPagesAreFollowedOneByOne(t *testing.T) {
	p := &pagedInstallations{links: func(u string, page int) string {
		if page < 3 {
			// Cursor links have no page number to count on, and no last.
			return fmt.Sprintf(`<%s/app/installations?per_page=100&page=%d&after=c%d>; rel="next"`, u, page+1, page)
		}
		return ""
	}}
	insts, err := readPagedInstallations(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := installationIDs(insts), "1,2,3,4,5,6"; got != want {
		t.Errorf("installations %s, want %s", got, want)
	}
}
