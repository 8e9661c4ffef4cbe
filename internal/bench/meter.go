package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// meter is the client's default transport (ghclient.DefaultTransport,
// unchanged) with counters: connections dialled, time spent on
// the wire, and when each kind of request was first sent and last answered,
// so the report can say whether the concurrency slots were kept busy,
// whether connections were reused, and which reads waited for which.
type meter struct {
	next  http.RoundTripper
	dials atomic.Int64
	zero  time.Time

	mu            sync.Mutex
	inFlight, max int
	busy          time.Duration // Σ request durations (until response headers)
	spans         map[string]*span
}

// span is when requests of one kind were on the wire.
type span struct {
	first, last time.Duration // first sent, last answered, since zero
	n           int
}

func newMeter(maxConcurrency int) *meter {
	m := &meter{zero: time.Now(), spans: map[string]*span{}}
	t := ghclient.DefaultTransport(maxConcurrency)
	dial := t.DialContext
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		m.dials.Add(1)
		return dial(ctx, network, addr)
	}
	m.next = t
	return m
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	kind := requestKind(req)
	m.mu.Lock()
	m.inFlight++
	m.max = max(m.max, m.inFlight)
	start := time.Now()
	sp := m.spans[kind]
	if sp == nil {
		sp = &span{first: start.Sub(m.zero)}
		m.spans[kind] = sp
	}
	m.mu.Unlock()
	resp, err := m.next.RoundTrip(req)
	end := time.Now()
	m.mu.Lock()
	m.inFlight--
	m.busy += end.Sub(start)
	sp.last = max(sp.last, end.Sub(m.zero))
	sp.n++
	m.mu.Unlock()
	return resp, err
}

// requestKind names a request by the last fixed segment of its path.
func requestKind(req *http.Request) string {
	p := strings.TrimSuffix(req.URL.Path, "/")
	switch {
	case strings.HasSuffix(p, "/access_tokens"):
		return "tokens"
	case strings.HasSuffix(p, "/app/installations"):
		return "installations"
	case strings.HasSuffix(p, "/installation/repositories"):
		return "repositories"
	case strings.HasSuffix(p, "/environments"):
		return "environments"
	case strings.HasSuffix(p, "/deployments"):
		return "deployments"
	case strings.HasSuffix(p, "/statuses"):
		return "statuses"
	}
	return req.Method + " " + p
}

// snapshot is what the meter counted so far.
func (m *meter) snapshot() (dials int64, busy time.Duration, maxInFlight int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dials.Load(), m.busy, m.max
}

// timeline says, in the order they started, when each kind of request was
// on the wire, e.g. "repositories 0.05–0.47s ×20".
func (m *meter) timeline() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	kinds := make([]string, 0, len(m.spans))
	for k := range m.spans {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return m.spans[kinds[i]].first < m.spans[kinds[j]].first })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		sp := m.spans[k]
		parts[i] = fmt.Sprintf("%s %.3f–%.3fs ×%d", k, sp.first.Seconds(), sp.last.Seconds(), sp.n)
	}
	return strings.Join(parts, "; ")
}
