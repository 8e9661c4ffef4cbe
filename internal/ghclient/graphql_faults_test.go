package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// heapAndDeployments reads the 250 statuses (three pages) of acme/api's
// heap deployment and its 350 deployments (four pages).
func heapAndDeployments(t *testing.T, c *Client) (map[string][]DeploymentStatus, map[string][]Deployment, error, error) {
	t.Helper()
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	heap := RepositoryDeployment{Repository: api, Deployment: Deployment{ID: statusHeap, NodeID: "DE_kgDO00009001"}}
	sts, stErr := c.GraphQLDeploymentStatuses(context.Background(), []RepositoryDeployment{heap})
	deps, depErr := c.GraphQLDeployments(context.Background(), []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production", "staging"}})
	return sts, deps, stErr, depErr
}

// A repeated page, a stuck cursor and a missing cursor on a batch's first
// page each fail the read at once, naming the query, the repository or
// deployment and what repeated: one query for the batch, at most one for
// the page that repeats, nothing retried.
func TestGraphQLPagerRefusesPagesThatRepeat(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults sandbox.Faults
		ops    []string // statuses', then deployments' query refused
		want   string
	}{
		{"repeated page", sandbox.Faults{GraphQLRepeatedPage: true}, []string{"DeploymentStatusesPage", "RepositoryDeploymentsPage"}, "repeats a cursor already followed"},
		{"stuck cursor", sandbox.Faults{GraphQLStuckCursor: true}, []string{"DeploymentStatusesPage", "RepositoryDeploymentsPage"}, "repeats a cursor already followed"},
		{"null first cursor", sandbox.Faults{GraphQLNullFirstCursor: true}, []string{"DeploymentStatuses", "RepositoryDeployments"}, "hasNextPage without an endCursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, srv := serve(t, sandbox.Options{Faults: tc.faults})
			c, _ := newTestClient(t, url)
			srv.ResetCounts()
			_, _, stErr, depErr := heapAndDeployments(t, c)
			for i, err := range []error{stErr, depErr} {
				subject := []string{"acme/api deployment 9001", "acme/api"}[i]
				var pe *GraphQLPagingError
				if !errors.As(err, &pe) || pe.Operation != tc.ops[i] || pe.Subject != subject || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("want a *GraphQLPagingError for %s of %s saying %q, got %T %v", tc.ops[i], subject, tc.want, err, err)
				}
			}
			if q := srv.Counts()["POST /graphql"]; q > 4 || c.Stats().Retries != 0 {
				t.Errorf("%d GraphQL queries, %d retries: a refused page must not be asked again", q, c.Stats().Retries)
			}
			if srv.Counts()["fault: graphql "+tc.name] == 0 {
				t.Errorf("the sandbox served no %s: the test shows nothing (%v)", tc.name, srv.Counts())
			}
		})
	}
}

// A list of more pages than the REST pager reads fails, naming the bound.
func TestGraphQLPagerStopsAtTheRESTBound(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	c.maxPages = 2
	_, _, stErr, depErr := heapAndDeployments(t, c)
	var pe *GraphQLPagingError
	if !errors.As(stErr, &pe) || !strings.Contains(stErr.Error(), "more than 2 pages") {
		t.Errorf("statuses: want the page bound, got %T %v", stErr, stErr)
	}
	if !errors.As(depErr, &pe) || !strings.Contains(depErr.Error(), "RepositoryDeploymentsPage for acme/api, page 2") {
		t.Errorf("deployments: want the page bound, got %T %v", depErr, depErr)
	}
	c.maxPages = 4
	if _, _, stErr, depErr = heapAndDeployments(t, c); stErr != nil || depErr != nil {
		t.Errorf("within the bound: %v; %v", stErr, depErr)
	}
}

// The guard itself: a page that says more follow must bring a node not
// read before, and give a cursor not followed before.
func TestConnectionPagesRefuseWhatCannotEnd(t *testing.T) {
	cursor := func(s string) *string { return &s }
	more := func(c string) pageInfo { return pageInfo{HasNextPage: true, EndCursor: cursor(c)} }
	for _, tc := range []struct {
		name  string
		pages []pageInfo
		keys  [][]string
		want  string // "" for no refusal
	}{
		{"moves on", []pageInfo{more("a"), more("b"), {}}, [][]string{{"1"}, {"2"}, {"3"}}, ""},
		{"last page repeats nodes", []pageInfo{more("a"), {}}, [][]string{{"1"}, {"1"}}, ""},
		{"no new node", []pageInfo{more("a"), more("b")}, [][]string{{"1", "2"}, {"2", "1"}}, "added no node not already read (2 nodes)"},
		{"empty page with more", []pageInfo{more("a"), more("b")}, [][]string{{"1"}, nil}, "added no node"},
		{"cursor back to an earlier one", []pageInfo{more("a"), more("b"), more("a")}, [][]string{{"1"}, {"2"}, {"3"}}, `endCursor "a" repeats`},
		{"empty cursor", []pageInfo{more("")}, [][]string{{"1"}}, "hasNextPage without an endCursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := (&Client{maxPages: 10}).connectionPages("Q", "acme/a")
			var err error
			for i, info := range tc.pages {
				if i == 0 {
					err = p.first("Batch", info, tc.keys[i])
				} else {
					err = p.next(info, tc.keys[i])
				}
				if err != nil {
					break
				}
			}
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "acme/a")):
				t.Errorf("got %v, want a refusal naming acme/a saying %q", err, tc.want)
			}
		})
	}
}

// A RATE_LIMITED answer at HTTP 200 waits what retry-after says, not until
// the budget's reset an hour away (beyond max_rate_limit_wait).
func TestGraphQLRateLimitedHonoursRetryAfter(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(5 * time.Minute) })
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	srv.SetFaults(sandbox.Faults{GraphQLRateLimited: 2, RetryAfter: 3 * time.Second})
	if _, err := c.GraphQLEnvironments(context.Background(), []Repository{api}); err != nil {
		t.Fatal(err)
	}
	st := c.Stats()
	if st.RateLimitWaits != 2 || st.RateLimitWaited != 6*time.Second {
		t.Errorf("%d waits for %s in all; want 2 of retry-after's 3s", st.RateLimitWaits, st.RateLimitWaited)
	}
	if srv.Counts()["fault: graphql rate limited"] != 2 {
		t.Errorf("counts %v: want the two faults served", srv.Counts())
	}
}

// One refused batch says GitHub's message once, with how many
// repositories it hit and the first of them, not once per repository.
func TestGraphQLErrorFoldsIdenticalMessages(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	a := &answers{next: http.DefaultTransport}
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.BaseTransport = a })
	repos, err := c.InstallationRepositories(context.Background(), installation(t, c, instAcme))
	if err != nil {
		t.Fatal(err)
	}
	repos = repos[:20]
	var nodes, errs []string
	for i := range repos {
		nodes = append(nodes, "null")
		errs = append(errs, fmt.Sprintf(`{"type":"FORBIDDEN","message":"Resource not accessible by integration","path":["nodes",%d]}`, i))
	}
	errs[19] = `{"type":"NOT_FOUND","message":"Could not resolve to a node","path":["nodes",19]}`
	a.body = `{"data":{"nodes":[` + strings.Join(nodes, ",") + `]},"errors":[` + strings.Join(errs, ",") + `]}`
	_, err = c.GraphQLEnvironments(context.Background(), repos)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	want := fmt.Sprintf(`FORBIDDEN "Resource not accessible by integration" for 19 repositories: %s, %s, %s, %s, %s and 14 more; NOT_FOUND "Could not resolve to a node" for %s`,
		repos[0].FullName, repos[1].FullName, repos[2].FullName, repos[3].FullName, repos[4].FullName, repos[19].FullName)
	if strings.Count(msg, "Resource not accessible") != 1 || !strings.Contains(msg, want) || !strings.Contains(msg, "RepositoryEnvironments") {
		t.Errorf("error %q\nwant it to say %q", msg, want)
	}
}
