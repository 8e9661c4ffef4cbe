package sandbox

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Recorder is a stranger's server on loopback: it records every request it
// receives, headers included, and answers 404. Point a Redirect at it to see
// what a client would send to a host that is not GitHub.
type Recorder struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []RecordedRequest
}

// RecordedRequest is one request a Recorder received.
type RecordedRequest struct {
	Method string
	URL    string // path and query, as received
	Header http.Header
}

// StartRecorder starts a Recorder for the rest of the test.
func StartRecorder(tb testing.TB) *Recorder {
	tb.Helper()
	rec := &Recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.requests = append(rec.requests, RecordedRequest{Method: r.Method, URL: r.URL.String(), Header: r.Header.Clone()})
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"Not Found"}`))
	}))
	tb.Cleanup(rec.srv.Close)
	return rec
}

// URL is the recorder's root, e.g. "http://127.0.0.1:40124" (no trailing slash).
func (r *Recorder) URL() string { return r.srv.URL }

// Requests returns the requests received so far.
func (r *Recorder) Requests() []RecordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]RecordedRequest(nil), r.requests...)
}
