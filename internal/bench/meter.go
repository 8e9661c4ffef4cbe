package bench

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// meter is the client's default transport (ghclient's: a pooled cleanhttp
// transport, unchanged) with counters: connections dialled, and time spent
// on the wire, so the report can say whether the concurrency slots were
// kept busy and whether connections were reused.
type meter struct {
	next  http.RoundTripper
	dials atomic.Int64

	mu            sync.Mutex
	inFlight, max int
	busy          time.Duration // Σ request durations
}

func newMeter() *meter {
	m := &meter{}
	t := cleanhttp.DefaultPooledTransport()
	dial := t.DialContext
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		m.dials.Add(1)
		return dial(ctx, network, addr)
	}
	m.next = t
	return m
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.inFlight++
	m.max = max(m.max, m.inFlight)
	m.mu.Unlock()
	start := time.Now()
	resp, err := m.next.RoundTrip(req)
	m.mu.Lock()
	m.inFlight--
	m.busy += time.Since(start)
	m.mu.Unlock()
	return resp, err
}

// snapshot is what the meter counted so far.
func (m *meter) snapshot() (dials int64, busy time.Duration, maxInFlight int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dials.Load(), m.busy, m.max
}
