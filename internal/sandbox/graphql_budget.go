package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// pointsBudget is an installation's hourly GraphQL budget, apart from its
// REST quota, as on GitHub.
type pointsBudget struct {
	used      int
	reset     time.Time
	queries   int  // GraphQL requests this window, for Faults.GraphQLPrimaryLimitAfter
	exhausted bool // forced by that fault
	refused   bool // a query was refused this window
}

// budgetSnapshot is the budget as one query left it, for rateLimit and the
// x-ratelimit headers.
type budgetSnapshot struct {
	limit, used, remaining int
	reset                  time.Time
}

func (s *Server) graphqlLimit() int {
	if s.opts.GraphQLPoints > 0 {
		return s.opts.GraphQLPoints
	}
	return 5000
}

func (s *Server) graphqlBudgetKey(c *call) string { return fmt.Sprintf("installation:%d", c.inst.ID) }

// budgetFor returns the installation's budget, starting a new hour when the
// last one has reset. The caller holds s.mu.
func (s *Server) budgetFor(key string) *pointsBudget {
	now := s.opts.Now()
	if s.graphql.budgets == nil {
		s.graphql.budgets = map[string]*pointsBudget{}
	}
	b := s.graphql.budgets[key]
	if b == nil || !now.Before(b.reset) {
		b = &pointsBudget{reset: now.Add(time.Hour).Truncate(time.Second)}
		s.graphql.budgets[key] = b
	}
	return b
}

func (s *Server) snapshot(b *pointsBudget) budgetSnapshot {
	limit := s.graphqlLimit()
	remaining := max(0, limit-b.used)
	if b.exhausted {
		remaining = 0
	}
	return budgetSnapshot{limit: limit, used: b.used, remaining: remaining, reset: b.reset}
}

// admit counts a GraphQL request against its installation's budget (for
// the GraphQLPrimaryLimitAfter fault) and refuses it when nothing remains.
func (s *Server) admit(c *call, key string) *gql.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.budgetFor(key)
	if after := s.faults.GraphQLPrimaryLimitAfter; after > 0 && !b.exhausted && b.queries >= after {
		b.exhausted = true
		b.reset = s.opts.Now().Add(s.faults.PrimaryResetAfter).Truncate(time.Second)
		if !b.reset.After(s.opts.Now()) {
			b.reset = s.opts.Now().Add(time.Second).Truncate(time.Second)
		}
	}
	b.queries++
	if s.snapshot(b).remaining == 0 {
		return s.refusal(c, b)
	}
	return nil
}

// spend charges a query's points to its installation's budget, counted
// under "graphql points" and per operation, or refuses it when they are
// more than remain: GitHub refuses a query that costs more than what is
// left while x-ratelimit-remaining is not yet 0 (octokit/plugin-throttling.js#632).
func (s *Server) spend(c *call, key, operation string, points int) (budgetSnapshot, *gql.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.budgetFor(key)
	if points > s.snapshot(b).remaining {
		return s.snapshot(b), s.refusal(c, b)
	}
	b.used += points
	s.counts[countPoints] += points
	s.counts[countPoints+": "+operation] += points
	return s.snapshot(b), nil
}

// refusal is GitHub's answer, with HTTP 200, to a query the budget cannot
// pay for: RATE_LIMITED "API rate limit exceeded for installation ID N."
// the first time in a window, RATE_LIMIT (code graphql_rate_limit) "API
// rate limit already exceeded ..." after that. Both forms are GitHub's
// (renovatebot/renovate#21861; yanyongyu/githubkit#271); which one GitHub
// sends when is inferred. The caller holds s.mu.
func (s *Server) refusal(c *call, b *pointsBudget) *gql.Error {
	who := fmt.Sprintf("installation ID %d", c.inst.ID)
	if b.refused {
		return &gql.Error{Type: "RATE_LIMIT", Code: "graphql_rate_limit", Message: "API rate limit already exceeded for " + who + "."}
	}
	b.refused = true
	return &gql.Error{Type: "RATE_LIMITED", Message: "API rate limit exceeded for " + who + "."}
}

// Counter names of the GraphQL side in Counts(), apart from "total" (which
// counts requests, "POST /graphql" among them).
const (
	countPoints  = "graphql points"
	countQueries = "graphql queries"
)

func (s *Server) noteGraphQLQuery(operation string) {
	s.mu.Lock()
	s.counts[countQueries+": "+operation]++
	s.mu.Unlock()
}

// GraphQLPoints returns the points charged per operation name ("(anonymous)"
// for unnamed ones), plus "total". ResetCounts zeroes them with the rest.
func (s *Server) GraphQLPoints() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.counts {
		if op, ok := strings.CutPrefix(k, countPoints+": "); ok {
			out[op] = v
		}
	}
	out["total"] = s.counts[countPoints]
	return out
}

func (s *Server) graphqlHeaders(h http.Header, key string) {
	s.mu.Lock()
	snap := s.snapshot(s.budgetFor(key))
	s.mu.Unlock()
	h.Set("X-RateLimit-Limit", strconv.Itoa(snap.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(snap.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(snap.reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(snap.used))
	h.Set("X-RateLimit-Resource", "graphql")
}
