package ghclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"
)

const tokenRoute = "POST /app/installations/{installation_id}/access_tokens"

// call describes the API call a request belongs to, for errors and logs.
// It travels in the request's context through go-github and ghinstallation.
type call struct {
	Route          string
	Path           string
	Repository     string
	InstallationID int64
	// Operation is a GraphQL query's operation name; graphql marks a
	// GraphQL request, whose quota is apart from REST's, and splittable one
	// whose 502/504 goes back to the caller to split (graphql.go).
	Operation  string
	graphql    bool
	splittable bool
}

type callKey struct{}

func withCall(ctx context.Context, cl call) context.Context {
	return context.WithValue(ctx, callKey{}, cl)
}

func callFrom(ctx context.Context) call {
	cl, _ := ctx.Value(callKey{}).(call)
	return cl
}

// wire is the bottom layer: every HTTP request the client sends passes here,
// including ghinstallation's token requests. It holds a slot of the
// client-wide semaphore only while the request is on the wire, reads the
// whole body so a truncated one is a (retryable) error here rather than a
// JSON error later, and counts and logs each request.
type wire struct {
	c    *Client
	next http.RoundTripper
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	c := w.c
	ctx := req.Context()
	cl := callFrom(ctx)
	if isTokenRequest(req) {
		cl.Route = tokenRoute
		cl.Path = strings.TrimPrefix(req.URL.Path, strings.TrimSuffix(c.base.Path, "/"))
		c.stats.tokenRequests.Add(1)
	}
	if err := c.awaitPause(ctx, cl); err != nil {
		return nil, err
	}
	if err := c.sem.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	defer c.sem.Release(1)

	actx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	start := time.Now()
	c.stats.requests.Add(1)
	resp, err := w.next.RoundTrip(req.WithContext(actx))
	if err != nil {
		safelog.Debug(ctx, "GitHub request failed", map[string]any{
			"route": cl.Route, "path": cl.Path, "error": err.Error(), "duration_ms": time.Since(start).Milliseconds(),
		})
		return nil, err
	}
	body, err := readBounded(resp.Body, resp.ContentLength, c.maxBodyBytes)
	resp.Body.Close()
	if err == nil && int64(len(body)) > c.maxBodyBytes {
		safelog.Debug(ctx, "GitHub response body too large", map[string]any{
			"route": cl.Route, "path": cl.Path, "status": resp.StatusCode, "limit_bytes": c.maxBodyBytes,
		})
		return nil, &bodyTooLargeError{limit: c.maxBodyBytes}
	}
	if err != nil {
		safelog.Debug(ctx, "GitHub response body cut short", map[string]any{
			"route": cl.Route, "path": cl.Path, "status": resp.StatusCode, "read_bytes": len(body), "error": err.Error(),
		})
		return nil, fmt.Errorf("reading response body: %w", err)
	}
	resp.Body = newBufferedBody(body)
	resp.ContentLength = int64(len(body))
	fields := map[string]any{
		"route": cl.Route, "path": cl.Path, "status": resp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(), "bytes": len(body),
	}
	if rem := resp.Header.Get("X-Ratelimit-Remaining"); rem != "" {
		fields["ratelimit_remaining"] = rem
	}
	safelog.Trace(ctx, "GitHub request", fields)
	if reset, exhausted := rateHeaders(resp.Header); resp.StatusCode < 300 && exhausted && !reset.IsZero() && resp.Header.Get("Retry-After") == "" {
		// The quota is spent: the next request would be refused until reset
		// (unless GitHub says when to come back, which the retry policy reads).
		c.pause(cl.quota(), reset.Add(primaryBuffer), limit{})
	}
	return resp, nil
}

func isTokenRequest(req *http.Request) bool {
	return req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/access_tokens")
}

// bodyTooLargeError is a response body over the client's bound. It is not
// retried: the same request would get the same answer.
type bodyTooLargeError struct{ limit int64 }

func (e *bodyTooLargeError) Error() string {
	return fmt.Sprintf("the response body is larger than %d KiB, the most the provider reads in one response", e.limit>>10)
}

// readBounded reads a body of at most limit bytes (one more tells it is
// larger), into a buffer sized once when the length is announced: growing
// by doubling would hold up to twice a large GraphQL answer.
func readBounded(r io.Reader, size, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && size <= limit {
		buf.Grow(int(size) + bytes.MinRead) // room for the read that sees EOF
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

// bufferedBody is a body wire has read whole. The layers above take its
// bytes with readBody instead of copying them: each copy of a large GraphQL
// answer would stay alive while it is decoded.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func newBufferedBody(data []byte) *bufferedBody {
	return &bufferedBody{Reader: bytes.NewReader(data), data: data}
}

func (*bufferedBody) Close() error { return nil }

// readBody is io.ReadAll, without a copy for a bufferedBody. The bytes are
// shared: callers only read them.
func readBody(r io.Reader) ([]byte, error) {
	if b, ok := r.(*bufferedBody); ok {
		rest := b.data[b.Size()-int64(b.Len()):]
		_, _ = b.Seek(0, io.SeekEnd)
		return rest, nil
	}
	return io.ReadAll(r)
}
