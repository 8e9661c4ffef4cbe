package ghclient

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimited(t *testing.T) {
	reset := time.Unix(time.Now().Add(90*time.Second).Unix(), 0) // in whole seconds, as GitHub sends it
	h := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		limited   bool
		secondary bool
		wait      time.Duration // 0: GitHub did not say
		toReset   bool          // wait is until reset (plus primaryBuffer), from the moment of the call
	}{
		{"primary: 403 with remaining 0", 403, h("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10)),
			`{"message":"API rate limit exceeded for installation ID 1."}`, true, false, 0, true},
		{"primary: 429 with remaining 0", 429, h("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10)),
			``, true, false, 0, true},
		{"secondary: 403 with retry-after", 403, h("Retry-After", "30", "X-Ratelimit-Remaining", "4000"),
			`{"message":"You have exceeded a secondary rate limit."}`, true, true, 30 * time.Second, false},
		{"secondary: 429 with retry-after", 429, h("Retry-After", "7"), ``, true, true, 7 * time.Second, false},
		{"secondary: 429 without retry-after", 429, h(), ``, true, true, 0, false},
		// GitHub's bodies, as go-github's CheckResponse recognises them.
		{"secondary: 403 as GitHub answers it", 403, h(),
			`{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`, true, true, 0, false},
		{"secondary: 403 abuse detection (older wording)", 403, h(),
			`{"message":"You have triggered an abuse detection mechanism.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#abuse-rate-limits"}`, true, true, 0, false},
		{"primary: 403 with remaining 0 and no reset", 403, h("X-Ratelimit-Remaining", "0"), `{"message":"API rate limit exceeded"}`, true, true, 0, false},
		{"not a limit: permission 403", 403, h("X-Ratelimit-Remaining", "4999"), `{"message":"Resource not accessible by integration"}`, false, false, 0, false},
		{"not a limit: 404", 404, h("X-Ratelimit-Remaining", "0"), `{"message":"Not Found"}`, false, false, 0, false},
		{"not a limit: 200 using the last request", 200, h("X-Ratelimit-Remaining", "0"), `[]`, false, false, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now()
			l, ok := rateLimited(&http.Response{StatusCode: tc.status, Header: tc.header}, []byte(tc.body))
			after := time.Now()
			if ok != tc.limited || l.secondary != tc.secondary {
				t.Fatalf("rateLimited = %+v, %v; want limited %v, secondary %v", l, ok, tc.limited, tc.secondary)
			}
			least, most := tc.wait, tc.wait
			if tc.toReset { // from some moment between before and after
				least, most = reset.Sub(after)+primaryBuffer, reset.Sub(before)+primaryBuffer
			}
			if l.wait < least || l.wait > most {
				t.Errorf("wait = %s, want %s to %s", l.wait, least, most)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	if d, ok := parseRetryAfter("120"); !ok || d != 2*time.Minute {
		t.Errorf(`parseRetryAfter("120") = %s, %v`, d, ok)
	}
	at := time.Unix(time.Now().Add(time.Minute).Unix(), 0) // an HTTP date has whole seconds
	date := at.UTC().Format(http.TimeFormat)
	before := time.Now()
	d, ok := parseRetryAfter(date)
	after := time.Now()
	if !ok || d < at.Sub(after) || d > at.Sub(before) {
		t.Errorf("parseRetryAfter(%q) = %s, %v; want the time until %s", date, d, ok, at)
	}
	for _, v := range []string{"", "soon", "-1"} {
		if _, ok := parseRetryAfter(v); ok {
			t.Errorf("parseRetryAfter(%q) accepted", v)
		}
	}
}
