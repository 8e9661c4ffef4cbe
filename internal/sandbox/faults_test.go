package sandbox

import (
	"net/http"
	"testing"
	"time"
)

// The GraphQL paging faults, on acme/api's 250 deployments (pages of 100).
func TestGraphQLPagingFaults(t *testing.T) {
	// As deploymentPage, without its check that endCursor is the last
	// edge's: the faults break that on purpose.
	page := func(o *testOrg, tok string, after any) gqlPage {
		r := o.graphql(t, tok, pagingQuery, map[string]any{"first": 100, "after": after, "dir": "ASC"})
		conn := r.data()["repository"].(map[string]any)["deployments"].(map[string]any)
		info := conn["pageInfo"].(map[string]any)
		p := gqlPage{next: info["hasNextPage"].(bool), end: info["endCursor"]}
		for _, e := range conn["edges"].([]any) {
			e := e.(map[string]any)
			p.ids = append(p.ids, int(e["node"].(map[string]any)["databaseId"].(float64)))
			p.cursors = append(p.cursors, e["cursor"].(string))
		}
		return p
	}

	o := newTestOrg(t, Options{Faults: Faults{GraphQLRepeatedPage: true}})
	tok := o.token(t, "")
	first := page(o, tok, nil)
	again := page(o, tok, first.end)
	if !sameInts(again.ids, first.ids) || again.end != first.end || !again.next {
		t.Errorf("repeated page: after page 1, ids %v… end %v; want page 1 again (end %v)", again.ids[:3], again.end, first.end)
	}

	o = newTestOrg(t, Options{Faults: Faults{GraphQLStuckCursor: true}})
	tok = o.token(t, "")
	first = page(o, tok, nil)
	stuck := page(o, tok, first.end)
	if !sameInts(stuck.ids, idRange(1100, 1199)) || stuck.end != first.end || !stuck.next {
		t.Errorf("stuck cursor: page 2 ids %v… end %v; want 1100… with page 1's end %v", stuck.ids[:3], stuck.end, first.end)
	}
	if last := page(o, tok, stuck.cursors[99]); !last.next || len(last.ids) != 50 || last.end != stuck.cursors[99] {
		t.Errorf("stuck cursor: the last page says more follow after its own cursor: %+v", last)
	}

	o = newTestOrg(t, Options{Faults: Faults{GraphQLNullFirstCursor: true}})
	tok = o.token(t, "")
	r := o.graphql(t, tok, `{ repository(owner: "acme", name: "api") { deployments(first: 100) { pageInfo { hasNextPage endCursor } } } }`, nil)
	info := r.data()["repository"].(map[string]any)["deployments"].(map[string]any)["pageInfo"].(map[string]any)
	if info["hasNextPage"] != true || info["endCursor"] != nil {
		t.Errorf("null first cursor: a first page without after: %v", info)
	}
	if p := page(o, tok, nil); p.end == nil { // the query writes after: null
		t.Errorf("null first cursor: a page query's first page keeps its cursor")
	}
	if o.srv.Counts()["fault: graphql null first cursor"] != 1 {
		t.Errorf("counts %v", o.srv.Counts())
	}
}

// The token faults: a 502 on the n-th token request, a token revoked at
// its n-th use, every token refused.
func TestTokenFaults(t *testing.T) {
	o := newTestOrg(t, Options{Faults: Faults{TokenBadGateway: []int{2}}})
	var statuses []int
	for i := 0; i < 3; i++ {
		resp, _, _ := o.do(t, "POST", "app/installations/10/access_tokens", o.validJWT(t), nil)
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[0] != http.StatusCreated || statuses[1] != http.StatusBadGateway || statuses[2] != http.StatusCreated ||
		o.srv.Counts()["fault: on the token route"] != 1 {
		t.Errorf("token requests answered %v (counts %v); want the second 502", statuses, o.srv.Counts())
	}

	o = newTestOrg(t, Options{Faults: Faults{RevokeTokenAt: 2}})
	tok := o.token(t, "")
	uses := func(tok string, n int) []int {
		var out []int
		for i := 0; i < n; i++ {
			resp, _, _ := o.do(t, "GET", "repos/acme/api/environments", tok, nil)
			out = append(out, resp.StatusCode)
		}
		return out
	}
	if got := uses(tok, 3); got[0] != 200 || got[1] != 401 || got[2] != 401 {
		t.Errorf("revoked at use 2: %v; want 200, then 401 for good", got)
	}
	if got := uses(o.token(t, ""), 1); got[0] != 200 {
		t.Errorf("a new token after the revocation: %v", got)
	}
	if r := o.graphql(t, tok, `{ viewer { login } }`, nil); r.status != http.StatusUnauthorized {
		t.Errorf("GraphQL with the revoked token: %d", r.status)
	}

	o = newTestOrg(t, Options{Faults: Faults{RejectTokens: true}})
	tok = o.token(t, "")
	if got := uses(tok, 2); got[0] != 401 || got[1] != 401 {
		t.Errorf("every token refused: %v", got)
	}
	if r := o.graphql(t, o.token(t, ""), `{ viewer { login } }`, nil); r.status != http.StatusUnauthorized {
		t.Errorf("GraphQL with a refused token: %d", r.status)
	}
}

// GraphQLRateLimited: the first queries get RATE_LIMITED at HTTP 200 with
// retry-after and the budget's headers; the next passes.
func TestGraphQLRateLimitedFault(t *testing.T) {
	o := newTestOrg(t, Options{Faults: Faults{GraphQLRateLimited: 1, RetryAfter: 2 * time.Second}})
	tok := o.token(t, "")
	r := o.graphql(t, tok, `{ rateLimit { remaining } }`, nil)
	if errs := r.errors(); r.status != http.StatusOK || len(errs) != 1 || errs[0]["type"] != "RATE_LIMITED" ||
		r.header.Get("Retry-After") != "2" || r.header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("first query: %d %s %v", r.status, r.raw, r.header)
	}
	if r := o.graphql(t, tok, `{ rateLimit { remaining } }`, nil); r.body["errors"] != nil {
		t.Errorf("second query: %s", r.raw)
	}
}
