package ghclient

import (
	"fmt"
	"strings"
	"time"
)

// APIError is a request GitHub answered with an error status, or one that
// could not be completed at all (StatusCode 0, Err set) after retries.
type APIError struct {
	Method string
	// Route is the endpoint's template, e.g. "GET /repos/{owner}/{repo}/environments".
	Route string
	// Path is the concrete API path, e.g. "/repos/acme/api/environments",
	// relative to the base URL and without query. It never holds a token.
	Path             string
	StatusCode       int
	Message          string
	DocumentationURL string
	// Repository is "owner/name" when the request was for a repository.
	Repository string
	// InstallationID is the installation whose token (or, for token creation
	// and GET /app/installations/{id}, whose ID) the request used.
	InstallationID int64
	// Err is the transport failure when StatusCode is 0.
	Err error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	if e.StatusCode == 0 {
		b.WriteString("request failed: ")
		b.WriteString(e.Message)
	} else {
		fmt.Fprintf(&b, "GitHub answered %d", e.StatusCode)
		if e.Message != "" {
			fmt.Fprintf(&b, " %q", e.Message)
		}
	}
	if e.InstallationID != 0 {
		fmt.Fprintf(&b, " (installation %d)", e.InstallationID)
	}
	if e.DocumentationURL != "" {
		fmt.Fprintf(&b, "; see %s", e.DocumentationURL)
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// RateLimitWaitError is a rate limit the client would have had to wait out
// for longer than it may: beyond max_rate_limit_wait, or beyond the
// context's deadline. The client fails with it before sleeping. (go-github's
// RateLimitError is GitHub's answer; this is the client's decision not to
// wait for it.)
type RateLimitWaitError struct {
	Route string
	Path  string
	// Reset is when GitHub would accept the request again.
	Reset time.Time
	// Secondary is true for GitHub's secondary (abuse) limit, false for the
	// primary, hourly quota.
	Secondary bool
	// Backoff is true when GitHub named no time (no retry-after) and Reset
	// is the end of the provider's own backoff.
	Backoff bool
	// Waited is how long this request had already waited for rate limits.
	Waited  time.Duration
	MaxWait time.Duration
	// Deadline is set when the context's deadline, not MaxWait, was the bound.
	Deadline time.Time
	// InstallationID is the installation whose quota ran out; 0 for the app's
	// own JWT quota.
	InstallationID int64
}

func (e *RateLimitWaitError) Error() string {
	who := "the app (JWT requests)"
	if e.InstallationID != 0 {
		who = fmt.Sprintf("installation %d", e.InstallationID)
	}
	var b strings.Builder
	switch {
	case e.Secondary && e.Backoff:
		fmt.Fprintf(&b, "secondary rate limit hit for %s on %s; GitHub named no time to wait, and the provider's own backoff would wait until %s",
			who, e.Route, e.Reset.UTC().Format(time.RFC3339))
	case e.Secondary:
		fmt.Fprintf(&b, "secondary rate limit hit for %s on %s; GitHub asks to wait until %s", who, e.Route, e.Reset.UTC().Format(time.RFC3339))
	default:
		fmt.Fprintf(&b, "primary rate limit exhausted for %s on %s; it resets at %s", who, e.Route, e.Reset.UTC().Format(time.RFC3339))
	}
	if e.Waited > 0 {
		fmt.Fprintf(&b, " (after waiting %s already)", e.Waited.Round(time.Second))
	}
	if !e.Deadline.IsZero() {
		fmt.Fprintf(&b, ", which is beyond the operation's deadline (%s)", e.Deadline.UTC().Format(time.RFC3339))
	} else {
		fmt.Fprintf(&b, ", which is beyond max_rate_limit_wait (%s)", e.MaxWait)
	}
	if e.Secondary {
		b.WriteString(": lower max_concurrency or re-run later")
	} else {
		b.WriteString(": re-run after the reset, raise max_rate_limit_wait, or narrow the repositories read")
	}
	return b.String()
}
