package ghclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

type (
	graphqlRequest  = graphql.Request
	graphqlResponse = graphql.Response
)

// GraphQL reads what REST reads: acme/api's environments, its production
// deployments of the last 100 hours, and every one of the 250 statuses of
// the deployment with more than a page of them, in both orders the sandbox
// can serve statuses in.
func TestGraphQLReadsWhatRESTReads(t *testing.T) {
	for _, order := range []sandbox.StatusOrder{sandbox.StatusesOldestFirst, sandbox.StatusesNewestFirst} {
		url, srv := serve(t, sandbox.Options{GraphQLStatusOrder: order})
		c, _ := newTestClient(t, url)
		ctx := context.Background()
		inst := installation(t, c, instAcme)
		api := repository(t, c, inst, "acme/api")
		svc := repository(t, c, inst, "acme/svc-03")

		envs, err := c.GraphQLEnvironments(ctx, []Repository{api, svc})
		if err != nil {
			t.Fatal(err)
		}
		restEnvs, err := c.Environments(ctx, api)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(envs["acme/api"], restEnvs) || len(envs["acme/svc-03"]) != 1 {
			t.Errorf("GraphQL environments %v, REST %v", envs, restEnvs)
		}

		since := time.Now().UTC().Add(-100 * time.Hour)
		deps, err := c.GraphQLDeployments(ctx, []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production"}, Since: since})
		if err != nil {
			t.Fatal(err)
		}
		restDeps, err := c.Deployments(ctx, api, DeploymentQuery{Environment: "production", Since: since})
		if err != nil {
			t.Fatal(err)
		}
		got := deps["acme/api"]
		if len(got) != len(restDeps) || len(got) != 50 {
			t.Fatalf("GraphQL %d deployments, REST %d, want 50", len(got), len(restDeps))
		}
		for i := range got {
			want := restDeps[i]
			want.ProductionEnvironment, want.OriginalEnvironment, want.UpdatedAt = false, "", time.Time{} // REST only
			g := got[i]
			if g.Creator == nil || *g.Creator != *want.Creator {
				t.Errorf("deployment %d: GraphQL creator %v, REST %v", i, g.Creator, want.Creator)
			}
			g.Creator, want.Creator = nil, nil
			if g != want {
				t.Errorf("deployment %d: GraphQL %+v, REST %+v", i, g, want)
			}
		}

		heap := RepositoryDeployment{Repository: api, Deployment: Deployment{ID: statusHeap, NodeID: "DE_kgDO00009001"}}
		srv.ResetCounts()
		sts, err := c.GraphQLDeploymentStatuses(ctx, []RepositoryDeployment{heap, {Repository: api, Deployment: got[0]}})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(sts[heap.NodeID]); n != 250 {
			t.Errorf("order %v: %d statuses of the heap, want 250", order, n)
		}
		if n := len(sts[got[0].NodeID]); n != 1 || sts[got[0].NodeID][0].State != "success" {
			t.Errorf("statuses of %s: %+v", got[0].NodeID, sts[got[0].NodeID])
		}
		// One query for both, then pages 2 and 3 of the heap's.
		if q := srv.Counts()["POST /graphql"]; q != 3 {
			t.Errorf("%d GraphQL queries, want 3 (%v)", q, srv.Counts())
		}
		if st := c.Stats(); st.GraphQLQueries == 0 || st.GraphQLPoints < st.GraphQLQueries {
			t.Errorf("stats %+v", st)
		}
	}
}

// A repository GitHub cannot resolve fails the read, naming it and the query.
func TestGraphQLNotFoundNamesTheRepository(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	inst := installation(t, c, instAcme)
	api := repository(t, c, inst, "acme/api")
	gone := api
	gone.FullName, gone.NodeID = "acme/gone", "R_kgDO99999999"
	_, err := c.GraphQLEnvironments(context.Background(), []Repository{api, gone})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "RepositoryEnvironments") || !strings.Contains(msg, "acme/gone") || strings.Contains(msg, "acme/api") {
		t.Errorf("error %q should name the query and acme/gone only", msg)
	}
}

// GraphQL's primary limit (HTTP 200, RATE_LIMITED) beyond max_rate_limit_wait
// fails at once with the client's RateLimitWaitError for POST /graphql; the
// REST quota of the same installation is not held back by it.
func TestGraphQLPrimaryLimitBeyondMaxWaitFailsAtOnce(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(5 * time.Minute) })
	c.waitScale = 1
	acme := installation(t, c, instAcme)
	api := repository(t, c, acme, "acme/api")
	srv.SetFaults(sandbox.Faults{GraphQLPrimaryLimitAfter: 1, PrimaryResetAfter: time.Hour})
	ctx := context.Background()
	if _, err := c.GraphQLEnvironments(ctx, []Repository{api}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := c.GraphQLDeployments(ctx, []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production"}})
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) {
		t.Fatalf("want *RateLimitWaitError, got %T %v", err, err)
	}
	if time.Since(start) > 2*time.Second || rl.Route != "POST /graphql" || rl.Secondary || rl.InstallationID != instAcme {
		t.Errorf("RateLimitWaitError = %+v after %s", rl, time.Since(start))
	}
	if _, err := c.Deployments(ctx, api, DeploymentQuery{Environment: "production"}); err != nil {
		t.Errorf("REST after GraphQL's limit: %v", err)
	}
}

// Within max_rate_limit_wait, GraphQL's primary limit is waited out.
func TestGraphQLPrimaryLimitWithinMaxWaitIsWaitedOut(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	c.waitScale = 1 // the sandbox's reset is real time
	acme := installation(t, c, instAcme)
	api := repository(t, c, acme, "acme/api")
	srv.SetFaults(sandbox.Faults{GraphQLPrimaryLimitAfter: 1, PrimaryResetAfter: 2 * time.Second})
	ctx := context.Background()
	if _, err := c.GraphQLEnvironments(ctx, []Repository{api}); err != nil {
		t.Fatal(err)
	}
	deps, err := c.GraphQLDeployments(ctx, []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(deps["acme/api"]) == 0 || c.Stats().RateLimitWaits == 0 {
		t.Errorf("%d deployments, %d waits", len(deps["acme/api"]), c.Stats().RateLimitWaits)
	}
}

// timeouts answers 502, as GitHub does for a query over its time limit, to
// every GraphQL query carrying more than max node IDs.
type timeouts struct {
	next http.RoundTripper
	max  int
}

func (tt *timeouts) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/graphql") {
		data, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(data))
		var body struct {
			Variables struct {
				IDs []string `json:"ids"`
			} `json:"variables"`
		}
		if json.Unmarshal(data, &body) == nil && len(body.Variables.IDs) > tt.max {
			return &http.Response{StatusCode: http.StatusBadGateway, Header: http.Header{}, Request: req,
				Body: io.NopCloser(strings.NewReader(`{"data":null,"errors":[{"message":"Something went wrong while executing your query. This may be the result of a timeout."}]}`))}, nil
		}
	}
	return tt.next.RoundTrip(req)
}

// A batch GitHub times out on is split until its halves pass; a single
// repository that still times out fails, naming it and the query.
func TestGraphQLTimeoutSplitsTheBatch(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	tt := &timeouts{next: http.DefaultTransport, max: 8}
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.BaseTransport = tt })
	acme := installation(t, c, instAcme)
	repos, err := c.InstallationRepositories(context.Background(), acme)
	if err != nil {
		t.Fatal(err)
	}
	envs, err := c.GraphQLEnvironments(context.Background(), repos)
	if err != nil {
		t.Fatal(err)
	}
	// 31 repositories: 31 → 15+16 → 7+8+8+8, three splits.
	if len(envs) != len(repos) || len(envs["acme/svc-07"]) != 1 || c.Stats().GraphQLSplits != 3 {
		t.Errorf("%d of %d repositories read, %d splits", len(envs), len(repos), c.Stats().GraphQLSplits)
	}

	tt.max = 0
	c2, _ := newTestClient(t, url, func(cfg *Config) { cfg.BaseTransport = tt })
	api := repository(t, c2, installation(t, c2, instAcme), "acme/api")
	_, err = c2.GraphQLDeployments(context.Background(), []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production"}})
	var te *GraphQLTimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "RepositoryDeployments for acme/api") {
		t.Errorf("want a *GraphQLTimeoutError naming acme/api and the query, got %T %v", err, err)
	}
}

// Errors GitHub reports that the client does not handle fail the read with
// GitHub's message, the query and the repositories of the batch.
func TestGraphQLUnknownErrorFailsTheRead(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	gc := c.graphqlClient(installation(t, c, instAcme), permDeployments, []string{"acme/api"}, false)
	_, err := RepositoryDeployments(context.Background(), gc, []string{api.NodeID}, []string{strings.Repeat("x", 10)})
	if err != nil {
		t.Fatalf("a valid query failed: %v", err)
	}
	// An invalid document: GitHub's validation error, named.
	var out struct{}
	err = gc.MakeRequest(context.Background(), &graphqlRequest{OpName: "Broken", Query: "query Broken { viewer { nope } }"}, &graphqlResponse{Data: &out})
	var ge *GraphQLError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "GraphQL query Broken for acme/api") || !strings.Contains(err.Error(), "nope") {
		t.Errorf("want a *GraphQLError naming Broken, acme/api and the field, got %T %v", err, err)
	}
}

// answers replaces every GraphQL response's body with body (HTTP 200).
type answers struct {
	next http.RoundTripper
	body string
}

func (a *answers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(req)
	if err != nil || req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/graphql") {
		return resp, err
	}
	resp.Body.Close()
	resp.Body, resp.ContentLength = io.NopCloser(strings.NewReader(a.body)), int64(len(a.body))
	return resp, nil
}

// An answer without the data the query asked for fails the read, naming
// the query and the repository, and never passes for an empty list; the
// points it reports are counted all the same.
func TestGraphQLAnswerWithoutUsableDataFailsTheRead(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	const cost = `"rateLimit":{"cost":3,"remaining":4997,"resetAt":"2026-12-02T08:00:00Z"}`
	for _, tc := range []struct{ body, want string }{
		{`{"data":null}`, "the response has no data and no errors"},
		{`{}`, "the response has no data and no errors"},
		{`{"errors":[]}`, "the response has no data and no errors"},
		{`{"data":{` + cost + `,"nodes":{}}}`, "unexpected nodes"},
		{`{"data":{` + cost + `,"nodes":[]}}`, "0 nodes for 1 IDs"},
		{`{"data":{` + cost + `,"nodes":[null]}}`, "its ID does not resolve to a Repository"},
		{`{"data":{"rateLimit":{"cost":"three"},"nodes":[]}}`, "unexpected response data"},
		{`{"data":{` + cost + `,"nodes":[]}`, "unexpected response body"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			a := &answers{next: http.DefaultTransport}
			c, _ := newTestClient(t, url, func(cfg *Config) { cfg.BaseTransport = a })
			api := repository(t, c, installation(t, c, instAcme), "acme/api")
			a.body = tc.body
			deps, err := c.GraphQLDeployments(context.Background(), []Repository{api}, GraphQLDeploymentQuery{Environments: []string{"production"}})
			var ge *GraphQLError
			if !errors.As(err, &ge) || !strings.Contains(err.Error(), "RepositoryDeployments for acme/api") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want a *GraphQLError naming the query, acme/api and %q, got %T %v (%d repositories read)", tc.want, err, err, len(deps))
			}
			if strings.Contains(tc.body, cost) && !strings.Contains(tc.want, "body") && c.Stats().GraphQLPoints != 3 {
				t.Errorf("%d GraphQL points counted, want the 3 the answer reports", c.Stats().GraphQLPoints)
			}
		})
	}
}
