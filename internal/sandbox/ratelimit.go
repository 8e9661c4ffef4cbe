package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// quota is one credential's hourly budget, as GitHub keeps it per
// installation (tokens) and per app (JWTs).
type quota struct {
	used      int
	reset     time.Time
	exhausted bool // forced by Faults.PrimaryLimitAfter
}

func quotaKey(c *call) string {
	if c.app != nil {
		return fmt.Sprintf("app:%d", c.app.ID)
	}
	if c.inst != nil {
		return fmt.Sprintf("installation:%d", c.inst.ID)
	}
	return ""
}

// quotaFor returns the credential's quota, starting a new hour when the
// last one has reset. The caller holds s.mu.
func (s *Server) quotaFor(key string) *quota {
	now := s.opts.Now()
	q := s.quotas[key]
	if q == nil || !now.Before(q.reset) {
		q = &quota{reset: now.Add(time.Hour).Truncate(time.Second)}
		s.quotas[key] = q
	}
	return q
}

// primaryLimited answers 403 with GitHub's message once the credential's
// quota is spent, until its reset.
func (s *Server) primaryLimited(key string, c *call) (response, bool) {
	if key == "" {
		return response{}, false
	}
	s.mu.Lock()
	q := s.quotaFor(key)
	// The injected exhaustion spends installation quotas, the ones large
	// reads use up; the app's own JWT quota is left to RateLimit.
	if after := s.faults.PrimaryLimitAfter; after > 0 && c.inst != nil && !q.exhausted && q.used >= after {
		q.exhausted = true
		q.reset = s.opts.Now().Add(s.faults.PrimaryResetAfter).Truncate(time.Second)
		if !q.reset.After(s.opts.Now()) {
			q.reset = s.opts.Now().Add(time.Second).Truncate(time.Second)
		}
	}
	limited := q.exhausted || q.used >= s.opts.RateLimit
	s.mu.Unlock()
	if !limited {
		return response{}, false
	}
	who := "this app"
	if c.inst != nil {
		who = fmt.Sprintf("installation ID %d", c.inst.ID)
	}
	return errorResponse(http.StatusForbidden, "API rate limit exceeded for "+who+".",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"), true
}

// rateLimitHeaders sets x-ratelimit-*, counting this request when consume.
func (s *Server) rateLimitHeaders(h http.Header, key string, consume bool) {
	s.mu.Lock()
	q := s.quotaFor(key)
	if consume && !q.exhausted && q.used < s.opts.RateLimit {
		q.used++
	}
	remaining := s.opts.RateLimit - q.used
	if q.exhausted {
		remaining = 0
	}
	reset, used := q.reset, q.used
	s.mu.Unlock()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Resource", "core")
}
