package sandbox

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Gate holds a route's requests at the sandbox until the test lets them go
// (Options.Gates). A test then sees how many requests a client has
// outstanding at once from the requests themselves, not from how long they
// happen to take: while the gate is shut, every request sent is held.
type Gate struct {
	mu      sync.Mutex
	queue   []chan struct{} // one per held request, in arrival order
	peak    int
	open    bool
	changed chan struct{} // closed and replaced whenever the queue changes
}

// NewGate returns a shut gate.
func NewGate() *Gate { return &Gate{changed: make(chan struct{})} }

// notify wakes WaitHeld; the caller holds g.mu.
func (g *Gate) notify() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// hold blocks one request until it is let go, the gate opens, or the
// request ends (its client gave up or the server is closing).
func (g *Gate) hold(ctx context.Context) {
	g.mu.Lock()
	if g.open {
		g.mu.Unlock()
		return
	}
	pass := make(chan struct{})
	g.queue = append(g.queue, pass)
	g.peak = max(g.peak, len(g.queue))
	g.notify()
	g.mu.Unlock()
	select {
	case <-pass:
	case <-ctx.Done():
		g.mu.Lock()
		for i, p := range g.queue {
			if p == pass {
				g.queue = append(g.queue[:i], g.queue[i+1:]...)
				g.notify()
				break
			}
		}
		g.mu.Unlock()
	}
}

// WaitHeld waits until at least n requests are held at once. The timeout
// only bounds a failing test: a client that never has n outstanding.
func (g *Gate) WaitHeld(n int, timeout time.Duration) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		g.mu.Lock()
		held, changed := len(g.queue), g.changed
		g.mu.Unlock()
		if held >= n {
			return nil
		}
		select {
		case <-changed:
		case <-timer.C:
			return fmt.Errorf("sandbox gate: %d request(s) held after %s, waited for %d", held, timeout, n)
		}
	}
}

// Let lets the n longest-held requests go (fewer if fewer are held); they
// no longer count as held when it returns.
func (g *Gate) Let(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n = min(n, len(g.queue))
	for _, p := range g.queue[:n] {
		close(p)
	}
	g.queue = g.queue[n:]
	g.notify()
}

// Open lets every held request go, and every later one through.
func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.Let(int(^uint(0) >> 1))
}

// Held is how many requests are held now.
func (g *Gate) Held() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}

// Peak is the most requests held at once so far.
func (g *Gate) Peak() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.peak
}

// holdAt holds the request in the route's gate, if the test set one.
func (s *Server) holdAt(c *call, route string) {
	if g := s.opts.Gates[route]; g != nil {
		g.hold(c.r.Context())
	}
}
