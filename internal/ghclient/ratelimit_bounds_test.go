package ghclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// limitedDeployments serves the test organisation, but answers every
// deployments request with a rate limit: status, a GitHub message and, when
// set, a Retry-After. It counts the limits it answered.
func limitedDeployments(t *testing.T, status int, retryAfter string) (string, *atomic.Int32) {
	t.Helper()
	sb, err := sandbox.New(testFixture(t, time.Now().UTC().Truncate(time.Second)), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var limited atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/deployments") {
			sb.ServeHTTP(w, r)
			return
		}
		limited.Add(1)
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &limited
}

func readLimitedDeployments(t *testing.T, url string, maxWait time.Duration) error {
	t.Helper()
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(maxWait) })
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	_, err := c.Deployments(context.Background(), api, DeploymentQuery{})
	return err
}

// max_rate_limit_wait = "0s" fails at the first rate limit, with the time
// GitHub named: retrying every second is the hammering GitHub penalises.
func TestZeroMaxRateLimitWaitFailsAtTheFirstLimit(t *testing.T) {
	url, limited := limitedDeployments(t, http.StatusTooManyRequests, "1")
	err := readLimitedDeployments(t, url, 0)
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) {
		t.Fatalf("want *RateLimitWaitError, got %T %v", err, err)
	}
	if n := limited.Load(); n != 1 {
		t.Errorf("the limited request was sent %d times; with max_rate_limit_wait 0s it must fail at the first limit", n)
	}
	for _, want := range []string{"GitHub asks to wait until " + rl.Reset.UTC().Format(time.RFC3339), "max_rate_limit_wait (0s)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if d := time.Until(rl.Reset); d <= 0 || d > 2*time.Second {
		t.Errorf("reset %s is not the second GitHub asked for", rl.Reset)
	}
}

// A nonsensical Retry-After must not overflow into a wait in the past.
func TestHugeRetryAfterIsClampedNotNegative(t *testing.T) {
	url, limited := limitedDeployments(t, http.StatusForbidden, "9999999999")
	err := readLimitedDeployments(t, url, 5*time.Minute)
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) {
		t.Fatalf("want *RateLimitWaitError, got %T %v", err, err)
	}
	if !rl.Reset.After(time.Now().Add(300 * 24 * time.Hour)) {
		t.Errorf("reset %s: a Retry-After of 9999999999 s is far in the future, not before now", rl.Reset)
	}
	if n := limited.Load(); n != 1 {
		t.Errorf("sent %d times; a wait beyond max_rate_limit_wait fails at once", n)
	}
}

// Without retry-after the wait is the provider's own backoff, and the error
// must not put it in GitHub's mouth.
func TestSecondaryLimitWithoutRetryAfterNamesTheProvidersBackoff(t *testing.T) {
	url, _ := limitedDeployments(t, http.StatusForbidden, "")
	err := readLimitedDeployments(t, url, 0)
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) || !rl.Secondary || !rl.Backoff {
		t.Fatalf("want a secondary *RateLimitWaitError on the provider's backoff, got %T %v", err, err)
	}
	if strings.Contains(err.Error(), "GitHub asks") || !strings.Contains(err.Error(), "GitHub named no time to wait, and the provider's own backoff") {
		t.Errorf("error %q does not say the wait is the provider's backoff", err)
	}
}

func TestParseRetryAfterClampsAbsurdValues(t *testing.T) {
	far := time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	for _, v := range []string{"9999999999", "99999999999999999999999", far} {
		if d, ok := parseRetryAfter(v); !ok || d != maxRetryAfter {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want the clamp %s", v, d, ok, maxRetryAfter)
		}
	}
}

// A host name that does not resolve is not a transient failure: it fails
// at the first attempt instead of after six tries and their backoff.
func TestUnresolvableHostIsNotRetried(t *testing.T) {
	var dials atomic.Int32
	transport := DefaultTransport(1)
	transport.DialContext = func(_ context.Context, _, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	c, err := New(Config{AppID: testAppID, PrivateKey: rsaKey(t), BaseURL: "https://ghe.invalid/api/v3/", BaseTransport: transport})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Installations(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no such host") {
		t.Fatalf("error %v; want the resolver's answer", err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("dialled %d times; an unresolvable host must not be retried", n)
	}
	if strings.Contains(err.Error(), "tries") {
		t.Errorf("error %q speaks of retries that must not happen", err)
	}
}
