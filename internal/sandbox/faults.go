package sandbox

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"net/http"
	"strconv"
	"time"
)

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
