package ghclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"
)

const (
	maxTries        = 6 // for 5xx, connection errors and cut-short bodies
	backoffBase     = 500 * time.Millisecond
	backoffCap      = 30 * time.Second
	secondaryBase   = time.Minute // GitHub: without retry-after, wait at least a minute
	primaryBuffer   = time.Second // the reset is in whole seconds; do not arrive early
	retryMaxAttempt = 1000        // go-retryablehttp's own cap; the policy below decides
)

// retrying is the top layer: go-retryablehttp drives the attempts, and an
// attempts value per request (the policy) decides whether and how long to
// wait. A fresh retryablehttp.Client per request lets the policy keep
// per-request state (tries so far, time waited) without a shared map; it is a
// small struct and holds no connections (those are in the wire transport).
type retrying struct {
	c     *Client
	next  *http.Client      // the auth transport
	token *installationAuth // nil for the app's JWT
}

func (r *retrying) RoundTrip(req *http.Request) (*http.Response, error) {
	p := &attempts{c: r.c, call: callFrom(req.Context()), token: r.token}
	req = req.WithContext(context.WithValue(req.Context(), attemptsKey{}, p))
	rc := &retryablehttp.Client{
		HTTPClient:   r.next,
		RetryMax:     retryMaxAttempt,
		CheckRetry:   p.check,
		Backoff:      p.backoff,
		ErrorHandler: p.giveUp,
	}
	return (&retryablehttp.RoundTripper{Client: rc}).RoundTrip(req)
}

// attempts is the retry policy for one request.
type attempts struct {
	c    *Client
	call call

	transient int           // retries for 5xx, connection errors, short bodies
	secondary int           // secondary-limit hits, for the exponential fallback
	waited    time.Duration // rate-limit waits so far, unscaled
	next      time.Duration // the wait check decided on, for backoff

	token     *installationAuth         // the request's installation token, nil for the app's JWT
	sentWith  *ghinstallation.Transport // the token transport of the last attempt
	refreshed bool                      // a 401 already had the token replaced
}

// check decides after each attempt. Only GET requests reach this layer (the
// client sends nothing else); the token POST happens inside the GET's
// attempt, so its failures arrive here as ghinstallation errors.
func (p *attempts) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var rl *RateLimitWaitError
		if errors.As(err, &rl) {
			return false, rl
		}
		var he *ghinstallation.HTTPError
		if errors.As(err, &he) && he.Response != nil {
			return p.checkTokenResponse(ctx, he.Response)
		}
		if permanent(err) {
			return false, err
		}
		if retry, _ := retryablehttp.ErrorPropagatedRetryPolicy(ctx, nil, err); !retry {
			return false, nil // e.g. a certificate error: retrying cannot help
		}
		return p.retryTransient(ctx, "connection error or response cut short", err.Error()), nil
	}
	if resp.StatusCode == http.StatusUnauthorized && p.token != nil && !p.refreshed {
		// GitHub refused an installation token it issued: drop it and try
		// once more with a new one. A second 401 is the answer. (A refused
		// app JWT arrives as a token request's error, never retried.)
		p.refreshed = true
		p.token.drop(p.sentWith)
		p.next = 0
		safelog.Debug(ctx, "installation token refused, retrying with a new one", map[string]any{
			"route": p.call.Route, "path": p.call.Path, "installation_id": p.call.InstallationID,
		})
		return true, nil
	}
	var data []byte
	if resp.StatusCode == http.StatusForbidden || p.call.graphql && resp.StatusCode == http.StatusOK {
		// Only a 403's message tells a secondary limit apart, and GraphQL
		// reports its primary limit in a 200's errors.
		data = body(resp)
	}
	return p.checkResponse(ctx, p.call, resp, data)
}

func (p *attempts) checkResponse(ctx context.Context, cl call, resp *http.Response, data []byte) (bool, error) {
	if limit, ok := rateLimited(resp, data); ok {
		return p.waitRateLimit(ctx, cl, limit)
	}
	if cl.graphql {
		if limit, ok := graphqlRateLimited(resp, data); ok {
			return p.waitRateLimit(ctx, cl, limit)
		}
		if cl.splittable && timedOut(resp.StatusCode) {
			return false, nil // the caller splits the batch instead
		}
	}
	if resp.StatusCode >= 500 {
		return p.retryTransient(ctx, "server error", strconv.Itoa(resp.StatusCode)), nil
	}
	return false, nil
}

// checkTokenResponse handles an installation token request GitHub answered
// with an error: retried like any request, else an *APIError for it.
func (p *attempts) checkTokenResponse(ctx context.Context, resp *http.Response) (bool, error) {
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// A token request is a REST request whatever it is for: the GraphQL
	// query it is minted for must not lend it its GraphQL handling (a 502
	// is retried, not handed back for the batch to be split).
	cl := call{Route: tokenRoute, Path: fmt.Sprintf("/app/installations/%d/access_tokens", p.call.InstallationID),
		Repository: p.call.Repository, InstallationID: p.call.InstallationID}
	retry, err := p.checkResponse(ctx, cl, resp, data)
	if retry || err != nil {
		return retry, err
	}
	return false, apiError(cl, resp.StatusCode, data)
}

func (p *attempts) retryTransient(ctx context.Context, why, detail string) bool {
	if p.transient >= maxTries-1 {
		safelog.Debug(ctx, "GitHub request failed, giving up", map[string]any{
			"route": p.call.Route, "path": p.call.Path, "reason": why, "detail": detail, "tries": p.transient + 1,
		})
		return false
	}
	p.transient++
	d := backoffBase << (p.transient - 1)
	if d > backoffCap {
		d = backoffCap
	}
	// Equal jitter: half fixed, half random, so retries of many requests
	// failing together spread out.
	d = d/2 + rand.N(d/2+1)
	p.next = p.c.scaled(d)
	p.c.stats.retries.Add(1)
	safelog.Debug(ctx, "retrying GitHub request", map[string]any{
		"route": p.call.Route, "path": p.call.Path, "reason": why, "detail": detail,
		"retry": p.transient, "wait": d.String(),
	})
	return true
}

// waitRateLimit waits out a rate limit if the wait fits in what is left of
// MaxRateLimitWait and of the context's deadline; otherwise it fails at once.
func (p *attempts) waitRateLimit(ctx context.Context, cl call, l limit) (bool, error) {
	if l.secondary && l.wait == 0 {
		l.wait, l.backoff = secondaryBase<<min(p.secondary, 6), true
	}
	if l.secondary {
		p.secondary++
	}
	wait := l.wait
	if err := p.budget(ctx, cl, l); err != nil {
		return false, err
	}
	p.next = p.c.scaled(wait)
	// Hold back the other requests with this credential meanwhile.
	p.c.pause(cl.quota(), time.Now().Add(p.next), l)
	kind := "primary"
	if l.secondary {
		kind = "secondary"
	}
	safelog.Info(ctx, "waiting for GitHub rate limit", map[string]any{
		"route": cl.Route, "path": cl.Path, "limit": kind, "wait": wait.String(),
		"installation_id": cl.quota().installation, "waited_total": p.waited.String(),
	})
	return true, nil
}

// budget books a rate-limit wait against the request's MaxRateLimitWait
// and the context's deadline, or returns the *RateLimitWaitError to fail with.
func (p *attempts) budget(ctx context.Context, cl call, l limit) error {
	wait := l.wait
	fail := &RateLimitWaitError{
		Route: cl.Route, Path: cl.Path, Reset: time.Now().Add(wait), Secondary: l.secondary, Backoff: l.backoff,
		Waited: p.waited, MaxWait: p.c.maxWait, InstallationID: cl.quota().installation,
	}
	if wait > p.c.maxWait || p.waited+wait > p.c.maxWait {
		return fail
	}
	if deadline, ok := requestDeadline(ctx); ok && time.Until(deadline) < p.c.scaled(wait) {
		fail.Deadline = deadline
		return fail
	}
	p.waited += wait
	p.c.stats.rateLimitWaits.Add(1)
	p.c.stats.rateLimitWaited.Add(int64(wait))
	return nil
}

func (p *attempts) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return p.next
}

// giveUp returns the final outcome unchanged: a response for the caller to
// turn into an *APIError, or the error that ended the attempts.
func (p *attempts) giveUp(resp *http.Response, err error, tries int) (*http.Response, error) {
	if err == nil {
		return resp, nil
	}
	if resp != nil {
		resp.Body.Close()
	}
	var rl *RateLimitWaitError
	var ae *APIError
	if tries <= 1 || errors.As(err, &rl) || errors.As(err, &ae) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}
	return nil, fmt.Errorf("after %d tries: %w", tries, err)
}

// limit is a rate-limit response: how long GitHub asks to wait (0: not said).
type limit struct {
	secondary bool
	wait      time.Duration
	backoff   bool // wait is the provider's own backoff, not GitHub's word
}

// maxRetryAfter clamps what a Retry-After can ask for: any larger number is
// not a real wait, and would overflow time.Duration.
const maxRetryAfter = 366 * 24 * time.Hour

// rateLimited recognises GitHub's rate-limit responses. A 403 is classified
// by go-github's CheckResponse: *github.RateLimitError (x-ratelimit-remaining
// 0) is the primary limit, *github.AbuseRateLimitError (a secondary-limit
// documentation_url) the secondary one; any 403 with retry-after is a
// secondary limit too, as GitHub documents. go-github v62 does not know 429,
// so that branch is the project's own: remaining 0 is the primary limit,
// anything else the secondary. How long to wait is read here, from
// retry-after or the reset time (go-github's own RetryAfter overflows on an
// absurd retry-after).
func rateLimited(resp *http.Response, data []byte) (limit, bool) {
	retryAfter, hasRetryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	var primary, secondary bool
	switch resp.StatusCode {
	case http.StatusForbidden:
		check := *resp
		check.Body = io.NopCloser(bytes.NewReader(data))
		var rl *github.RateLimitError
		var abuse *github.AbuseRateLimitError
		err := github.CheckResponse(&check)
		primary = errors.As(err, &rl)
		secondary = !primary && (errors.As(err, &abuse) || hasRetryAfter)
	case http.StatusTooManyRequests:
		_, exhausted := rateHeaders(resp.Header)
		primary, secondary = exhausted, !exhausted
	}
	switch {
	case primary && hasRetryAfter:
		return limit{wait: retryAfter}, true
	case primary:
		if reset, exhausted := rateHeaders(resp.Header); exhausted && !reset.IsZero() {
			return limit{wait: max(time.Until(reset)+primaryBuffer, primaryBuffer)}, true
		}
		return limit{secondary: true}, true // spent, but no reset said: back off as for a secondary limit
	case secondary && hasRetryAfter:
		return limit{secondary: true, wait: retryAfter}, true
	case secondary:
		return limit{secondary: true}, true
	}
	return limit{}, false
}

// rateHeaders reads GitHub's x-ratelimit-* headers, the one place they are
// parsed: whether the quota is spent, and when it resets (zero if not said).
func rateHeaders(h http.Header) (reset time.Time, exhausted bool) {
	if secs, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil && secs > 0 {
		reset = time.Unix(secs, 0)
	}
	return reset, h.Get("X-Ratelimit-Remaining") == "0"
}

func parseRetryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-") {
		if err != nil || s > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxRetryAfter), true
	}
	return 0, false
}

func body(resp *http.Response) []byte {
	if resp == nil || resp.Body == nil {
		return nil
	}
	data, _ := readBody(resp.Body)
	resp.Body = newBufferedBody(data)
	return data
}

// permanent reports failures that retrying cannot change: a host name that
// does not resolve (not a temporary DNS failure), and a response too large
// to read.
func permanent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) && !dns.IsTemporary && !dns.IsTimeout {
		return true
	}
	var tooLarge *bodyTooLargeError
	return errors.As(err, &tooLarge)
}
