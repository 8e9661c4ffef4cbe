package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The docs' 5,101-request shape (100 × 50 × 60) with fields the sandbox
// serves: 1 + 100 + 5,000 requests, 51 points, 305,100 nodes.
const docsShapedQuery = `query Docs {
  rateLimit { cost nodeCount limit remaining used resetAt }
  repository(owner: "acme", name: "api") {
    deployments(first: 100) { nodes { statuses(first: 50) { nodes { deployment { statuses(first: 60) { nodes { id } } } } } } }
  }
}`

func rateHeaders(r gqlReply) string {
	return fmt.Sprintf("limit %s remaining %s used %s resource %s", r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Remaining"),
		r.header.Get("X-RateLimit-Used"), r.header.Get("X-RateLimit-Resource"))
}

func TestGraphQLCost(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")

	r := o.graphql(t, tok, docsShapedQuery, nil)
	rl := r.data()["rateLimit"].(map[string]any)
	if rl["cost"] != 51.0 || rl["nodeCount"] != 305100.0 || rl["used"] != 51.0 || rl["remaining"] != 4949.0 || rl["limit"] != 5000.0 {
		t.Errorf("rateLimit = %v, want cost 51, nodeCount 305100, used 51", rl)
	}
	if got := rateHeaders(r); got != "limit 5000 remaining 4949 used 51 resource graphql" {
		t.Errorf("headers: %s", got)
	}
	reset, _ := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	if resetAt, _ := time.Parse(time.RFC3339, rl["resetAt"].(string)); resetAt.Unix() != reset {
		t.Errorf("resetAt %v, x-ratelimit-reset %d", rl["resetAt"], reset)
	}

	// A dry run reports the cost, spends nothing and evaluates nothing else.
	dry := strings.Replace(docsShapedQuery, "rateLimit {", "rateLimit(dryRun: true) {", 1)
	r = o.graphql(t, tok, dry, nil)
	rl = r.data()["rateLimit"].(map[string]any)
	if rl["cost"] != 51.0 || rl["used"] != 51.0 || r.data()["repository"] != nil || r.header.Get("X-RateLimit-Used") != "51" {
		t.Errorf("dry run: rateLimit %v, repository %v, used %s", rl, r.data()["repository"], r.header.Get("X-RateLimit-Used"))
	}

	// The smallest query costs 1; the REST quota is apart from the points.
	r = o.graphql(t, tok, `{ rateLimit { cost } }`, nil)
	if r.data()["rateLimit"].(map[string]any)["cost"] != 1.0 || r.header.Get("X-RateLimit-Used") != "52" {
		t.Errorf("minimum: %s, %s", r.raw, rateHeaders(r))
	}
	resp, _, _ := o.do(t, "GET", "repos/acme/api/environments", tok, nil)
	if resp.Header.Get("X-RateLimit-Used") != "1" || resp.Header.Get("X-RateLimit-Resource") != "core" {
		t.Errorf("REST after GraphQL: used %s resource %s", resp.Header.Get("X-RateLimit-Used"), resp.Header.Get("X-RateLimit-Resource"))
	}
	if got := o.srv.GraphQLPoints(); fmt.Sprint(got) != "map[(anonymous):1 Docs:51 total:52]" {
		t.Errorf("GraphQLPoints() = %v", got)
	}
}

func TestGraphQLBudgetExhaustion(t *testing.T) {
	clock := time.Now()
	o := newTestOrg(t, Options{GraphQLPoints: 3, TokenTTL: 2 * time.Hour, Now: func() time.Time { return clock }})
	tok := o.token(t, "")
	const q = `query One { repository(owner: "acme", name: "api") { name } }`
	for i, want := range []string{"2", "1", "0"} {
		if r := o.graphql(t, tok, q, nil); r.data()["repository"] == nil || r.header.Get("X-RateLimit-Remaining") != want {
			t.Fatalf("query %d: remaining %s, want %s: %s", i+1, r.header.Get("X-RateLimit-Remaining"), want, r.raw)
		}
	}
	r := o.graphql(t, tok, q, nil)
	jsonEqual(t, "spent", r.body, `{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for installation ID 10."}]}`)
	if r.status != 200 || rateHeaders(r) != "limit 3 remaining 0 used 3 resource graphql" {
		t.Errorf("spent: HTTP %d, %s", r.status, rateHeaders(r))
	}
	r = o.graphql(t, tok, q, nil)
	jsonEqual(t, "still spent", r.body, `{"errors":[{"type":"RATE_LIMIT","code":"graphql_rate_limit","message":"API rate limit already exceeded for installation ID 10."}]}`)

	// The next hour has a new budget; a query costing more than what
	// remains is refused while remaining is not 0, and charged nothing.
	clock = clock.Add(time.Hour)
	if r := o.graphql(t, tok, q, nil); r.data()["repository"] == nil || r.header.Get("X-RateLimit-Remaining") != "2" {
		t.Fatalf("after the reset: %s %s", r.raw, rateHeaders(r))
	}
	r = o.graphql(t, tok, `{ repository(owner: "acme", name: "api") {
		a: deployments(first: 100) { nodes { statuses(first: 100) { totalCount } } }
		b: deployments(first: 100) { nodes { statuses(first: 100) { totalCount } } }
		c: deployments(first: 100) { nodes { statuses(first: 100) { totalCount } } } } }`, nil)
	jsonEqual(t, "3 points of 2", r.body, `{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for installation ID 10."}]}`)
	if rateHeaders(r) != "limit 3 remaining 2 used 1 resource graphql" {
		t.Errorf("3 points of 2: %s", rateHeaders(r))
	}
	if c := o.srv.Counts(); c["POST /graphql"] != 7 || c["graphql points"] != 4 || c["graphql points: One"] != 4 ||
		c["graphql queries: One"] != 6 || c["graphql queries: (anonymous)"] != 1 {
		t.Errorf("counts = %v", c)
	}
	o.srv.ResetCounts()
	if p := o.srv.GraphQLPoints(); p["total"] != 0 || len(p) != 1 {
		t.Errorf("after ResetCounts: %v", p)
	}
}

// Faults.GraphQLPrimaryLimitAfter spends the GraphQL budget after that many
// queries, until PrimaryResetAfter; the REST quota is untouched.
func TestGraphQLPrimaryLimitFault(t *testing.T) {
	clock := time.Now()
	o := newTestOrg(t, Options{Now: func() time.Time { return clock }, Faults: Faults{GraphQLPrimaryLimitAfter: 2, PrimaryResetAfter: time.Minute}})
	tok := o.token(t, "")
	const q = `{ rateLimit { remaining } }`
	for i := 0; i < 2; i++ {
		if r := o.graphql(t, tok, q, nil); r.body["errors"] != nil {
			t.Fatalf("query %d: %s", i+1, r.raw)
		}
	}
	r := o.graphql(t, tok, q, nil)
	if errs := r.errors(); len(errs) != 1 || errs[0]["type"] != "RATE_LIMITED" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("third query: %s %s", r.raw, rateHeaders(r))
	}
	reset, _ := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	if d := time.Unix(reset, 0).Sub(clock); d < 58*time.Second || d > time.Minute {
		t.Errorf("reset in %v, want about a minute", d)
	}
	if resp, _, _ := o.do(t, "GET", "repos/acme/api/environments", tok, nil); resp.StatusCode != 200 {
		t.Errorf("REST during the GraphQL limit: %d", resp.StatusCode)
	}
	clock = clock.Add(61 * time.Second)
	if r := o.graphql(t, tok, q, nil); r.body["errors"] != nil {
		t.Errorf("after the reset: %s", r.raw)
	}
}

// GitHub Enterprise Server's path serves the same, counted under the same
// route; faults are drawn per query text, deterministically.
func TestGraphQLGHESPathAndFaults(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")
	const q = `{ repository(owner: "acme", name: "api") { deployments(first: 1) { totalCount } } }`
	a := postGraphQL(t, o.client, o.url, "graphql", tok, q, nil)
	b := postGraphQL(t, o.client, o.url, "api/graphql", tok, q, nil)
	if a.raw != b.raw || b.status != 200 {
		t.Errorf("/api/graphql: %d %s, /graphql: %s", b.status, b.raw, a.raw)
	}
	if c := o.srv.Counts(); c["POST /graphql"] != 2 || c["unmatched"] != 0 {
		t.Errorf("counts = %v", c)
	}

	sequence := func() string {
		o.srv.SetFaults(Faults{Seed: 7, ServerErrorRate: 0.3, SecondaryRateLimitRate: 0.2, RetryAfter: 2 * time.Second})
		var s strings.Builder
		for i := 1; i <= 3; i++ {
			query := fmt.Sprintf(`query Q%d { rateLimit { cost } }`, i)
			for try := 0; try < 4; try++ {
				body := []byte(fmt.Sprintf(`{"query":%q}`, query))
				req, _ := http.NewRequest(http.MethodPost, o.url+"graphql", bytes.NewReader(body))
				req.Header.Set("Authorization", "bearer "+tok)
				resp, err := o.client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if (resp.StatusCode == 403 || resp.StatusCode == 429) && resp.Header.Get("Retry-After") != "2" {
					t.Error("secondary limit without retry-after")
				}
				fmt.Fprintf(&s, "%d,", resp.StatusCode)
			}
		}
		return s.String()
	}
	first, second := sequence(), sequence()
	if first != second {
		t.Errorf("same seed, different faults:\n%s\n%s", first, second)
	}
	if !strings.Contains(first, "200") || strings.Count(first, "200") == 12 || o.srv.Counts()["fault: 5xx"] == 0 {
		t.Errorf("want both faults and answers: %s (counts %v)", first, o.srv.Counts())
	}

	o.srv.SetFaults(Faults{Latency: 60 * time.Millisecond})
	start := time.Now()
	postGraphQL(t, o.client, o.url, "graphql", tok, q, nil)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("latency: answered in %v", d)
	}

	o.srv.SetFaults(Faults{TruncateRate: 1})
	req, _ := http.NewRequest(http.MethodPost, o.url+"graphql", strings.NewReader(`{"query":"{ rateLimit { cost } }"}`))
	req.Header.Set("Authorization", "bearer "+tok)
	resp, err := o.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Error("a truncated body read in full")
	}
}
