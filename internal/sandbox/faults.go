package sandbox

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// faultOnTokenRoute counts, as "fault: on the token route", every fault
// served to an installation token request, besides its own kind's count.
const faultOnTokenRoute = "on the token route"

const tokenRouteTemplate = "POST /app/installations/{installation_id}/access_tokens"

var tokenPath = regexp.MustCompile(`^/app/installations/\d+/access_tokens$`)

// Faults are failures injected into API requests. Each decision is a hash
// of the seed, the exact request and how often that request has been seen,
// so a run's faults do not depend on the order concurrent requests arrive in.
type Faults struct {
	Seed                   int64         `json:"seed"`
	Latency                time.Duration `json:"latency"`                   // added to every API request
	ServerErrorRate        float64       `json:"server_error_rate"`         // 500, 502 or 503
	ResetRate              float64       `json:"reset_rate"`                // connection closed without a response
	SecondaryRateLimitRate float64       `json:"secondary_rate_limit_rate"` // 403 or 429, GitHub's secondary limit
	RetryAfter             time.Duration `json:"retry_after"`               // retry-after on secondary limits; 0 omits it
	TruncateRate           float64       `json:"truncate_rate"`             // body cut short of its Content-Length
	PrimaryLimitAfter      int           `json:"primary_limit_after"`       // requests per credential before its quota is spent
	PrimaryResetAfter      time.Duration `json:"primary_reset_after"`       // until the spent quota resets

	// GraphQL queries per installation before its points budget is spent,
	// until PrimaryResetAfter; PrimaryLimitAfter counts REST requests only.
	GraphQLPrimaryLimitAfter int `json:"graphql_primary_limit_after"`

	// The shapes of GraphQL paging gone wrong, on every connection that
	// has more than one page (nested ones too): a page asked for after a
	// cursor answered with the first page again; a page after a cursor
	// whose endCursor is that cursor still, with more to come (the next
	// page asked is the same one, for ever); a first page that has more
	// with a null endCursor, where the query has no after argument (a
	// nodes(ids:) batch's, not a page query's with after: null).
	GraphQLRepeatedPage    bool `json:"graphql_repeated_page"`
	GraphQLStuckCursor     bool `json:"graphql_stuck_cursor"`
	GraphQLNullFirstCursor bool `json:"graphql_null_first_cursor"`
	// GraphQLRateLimited answers the first that many GraphQL queries with
	// HTTP 200 and a RATE_LIMITED error, with retry-after RetryAfter (none
	// when 0) and the budget's own x-ratelimit headers.
	GraphQLRateLimited int `json:"graphql_rate_limited"`

	// TokenBadGateway answers these installation token requests 502 (1 is
	// the server's first token request).
	TokenBadGateway []int `json:"token_bad_gateway"`
	// RevokeTokenAt revokes the token of the n-th request made with an
	// installation token (1 the first): that request and every later one
	// with the token get 401 Bad credentials; new tokens work.
	RevokeTokenAt int `json:"revoke_token_at"`
	// RejectTokens answers every request made with an installation token
	// 401 Bad credentials; tokens are still issued.
	RejectTokens bool `json:"reject_tokens"`
}

// Counters of the faults that fire on the n-th request of a kind.
const (
	tallyTokenRequests = "token requests"
	tallyTokenUses     = "token uses"
	tallyGraphQL       = "graphql queries"
)

// tally counts a request of a kind for the faults and returns its number
// (1 the first). The caller holds s.mu.
func (s *Server) tally(kind string) int {
	s.tallies[kind]++
	return s.tallies[kind]
}

// tokenRouteFault answers the token requests Faults.TokenBadGateway names
// with 502, and reports whether it did.
func (s *Server) tokenRouteFault(w http.ResponseWriter, c *call, template string) bool {
	if template != tokenRouteTemplate {
		return false
	}
	s.mu.Lock()
	n := s.tally(tallyTokenRequests)
	hit := slices.Contains(s.faults.TokenBadGateway, n)
	s.mu.Unlock()
	if !hit {
		return false
	}
	s.noteFault("5xx")
	s.noteFault(faultOnTokenRoute)
	s.write(w, c, "", errorResponse(http.StatusBadGateway, "Server Error", docsRoot))
	return true
}

// tokenUseFault is the 401 of Faults.RevokeTokenAt and RejectTokens for a
// request made with the installation token cred. The caller holds s.mu.
func (s *Server) tokenUseFault(cred string) bool {
	n := s.tally(tallyTokenUses)
	switch {
	case s.faults.RejectTokens:
	case s.faults.RevokeTokenAt == n:
		delete(s.tokens, cred)
	default:
		return false
	}
	s.counts["fault: 401"]++
	return true
}

// graphqlRateLimitedFault is the RATE_LIMITED answer of
// Faults.GraphQLRateLimited, with its retry-after in header, or nil.
func (s *Server) graphqlRateLimitedFault(c *call, header http.Header) *gql.Error {
	s.mu.Lock()
	n := s.tally(tallyGraphQL)
	f := s.faults
	s.mu.Unlock()
	if n > f.GraphQLRateLimited {
		return nil
	}
	s.noteFault("graphql rate limited")
	if f.RetryAfter > 0 {
		header.Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
	}
	return &gql.Error{Type: "RATE_LIMITED", Message: fmt.Sprintf("API rate limit exceeded for installation ID %d.", c.inst.ID)}
}

// pagingFault reshapes page p of a connection of items (keys theirs) as
// the GraphQL paging faults say.
func (s *Server) pagingFault(f *gql.Field, items []any, keys []string, p *gql.Page) (*gql.Page, error) {
	s.mu.Lock()
	faults := s.faults
	s.mu.Unlock()
	_, after := f.Args["after"].(string)
	switch {
	case after && faults.GraphQLRepeatedPage:
		first := *f
		first.Args = maps.Clone(f.Args)
		delete(first.Args, "after")
		s.noteFault("graphql repeated page")
		return gql.NewPage(&first, items, keys)
	case after && faults.GraphQLStuckCursor:
		s.noteFault("graphql stuck cursor")
		p.Info.EndCursor, p.Info.HasNextPage = f.Args["after"].(string), true
	case !f.Written("after") && faults.GraphQLNullFirstCursor && p.Info.HasNextPage:
		s.noteFault("graphql null first cursor")
		p.Info.EndCursor = ""
	}
	return p, nil
}

// draw returns this request's number in [0,1) and how often it was seen.
func (s *Server) draw(r *http.Request) (float64, int) {
	key := r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery
	s.mu.Lock()
	n := s.seen[key]
	s.seen[key] = n + 1
	seed := s.faults.Seed
	s.mu.Unlock()
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(seed))
	h.Write(buf[:])
	h.Write([]byte(key))
	binary.LittleEndian.PutUint64(buf[:], uint64(n))
	h.Write(buf[:])
	return float64(h.Sum64()>>11) / float64(1<<53), n
}

type faultKind int

const (
	noFault faultKind = iota
	faultReset
	faultServerError
	faultSecondary
	faultTruncate
)

func (s *Server) decide(r *http.Request) (faultKind, int) {
	s.mu.Lock()
	f := s.faults
	s.mu.Unlock()
	if f.ResetRate+f.ServerErrorRate+f.SecondaryRateLimitRate+f.TruncateRate == 0 {
		return noFault, 0
	}
	u, n := s.draw(r)
	for _, k := range []struct {
		kind faultKind
		rate float64
	}{{faultReset, f.ResetRate}, {faultServerError, f.ServerErrorRate}, {faultSecondary, f.SecondaryRateLimitRate}, {faultTruncate, f.TruncateRate}} {
		if u < k.rate {
			return k.kind, n
		}
		u -= k.rate
	}
	return noFault, n
}

// injectFault applies latency and, when drawn, a fault; it reports whether
// the request was answered (or dropped) by the fault.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, c *call) bool {
	s.mu.Lock()
	latency := s.faults.Latency
	retryAfter := s.faults.RetryAfter
	s.mu.Unlock()
	s.sleep(latency)
	kind, n := s.decide(r)
	c.truncate = kind == faultTruncate
	if kind != noFault {
		s.noteFault([]string{"", "reset", "5xx", "secondary rate limit", "truncated body"}[kind])
		if r.Method == http.MethodPost && tokenPath.MatchString(c.path) {
			s.noteFault(faultOnTokenRoute)
		}
	}
	switch kind {
	case faultReset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without a response
	case faultServerError:
		status := []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[n%3]
		s.write(w, c, "", errorResponse(status, "Server Error", docsRoot))
		return true
	case faultSecondary:
		status := http.StatusForbidden
		if n%2 == 1 {
			status = http.StatusTooManyRequests
		}
		resp := errorResponse(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID sandbox.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
		if retryAfter > 0 {
			resp.header = http.Header{"Retry-After": {strconv.Itoa(int(math.Ceil(retryAfter.Seconds())))}}
		}
		s.write(w, c, "", resp)
		return true
	}
	return false
}

// noteFault counts an injected fault under "fault: <kind>", apart from
// the route counts and "total", so tests can tell faults were served.
func (s *Server) noteFault(kind string) {
	s.mu.Lock()
	s.counts["fault: "+kind]++
	s.mu.Unlock()
}
