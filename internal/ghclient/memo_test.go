package ghclient

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// blockingFetch is a look-up that runs until released, counting its runs and
// reporting the context it ran under.
type blockingFetch struct {
	release chan struct{}
	started chan context.Context
	runs    atomic.Int32
}

func newBlockingFetch() *blockingFetch {
	return &blockingFetch{release: make(chan struct{}), started: make(chan context.Context, 10)}
}

func (b *blockingFetch) fetch(ctx context.Context) (string, error) {
	b.runs.Add(1)
	b.started <- ctx
	select {
	case <-b.release:
		return "value", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

type result struct {
	v   string
	err error
}

func lookUp(ctx context.Context, m *memo, b *blockingFetch) chan result {
	out := make(chan result, 1)
	go func() {
		v, err := once(ctx, m, "key", b.fetch)
		out <- result{v, err}
	}()
	return out
}

func waitFor[T any](t *testing.T, ch chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out")
		panic("unreachable")
	}
}

// joinedBy waits until n callers wait for key's flight.
func joinedBy(t *testing.T, m *memo, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		m.mu.Lock()
		f := m.flights["key"]
		got := f != nil && f.waiters == n
		m.mu.Unlock()
		if got {
			return
		}
	}
	t.Fatalf("%d callers never joined the flight", n)
}

// One data source's cancellation must not fail another's shared look-up.
func TestSharedLookupSurvivesTheFirstCallersCancellation(t *testing.T) {
	var m memo
	b := newBlockingFetch()
	first, cancelFirst := context.WithCancel(context.Background())
	a := lookUp(first, &m, b)
	fctx := waitFor(t, b.started)
	second := lookUp(context.Background(), &m, b)
	joinedBy(t, &m, 2)

	cancelFirst()
	if r := waitFor(t, a); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("the cancelled caller got %+v, want context.Canceled", r)
	}
	if fctx.Err() != nil {
		t.Fatal("the shared look-up was cancelled with its first caller")
	}
	close(b.release)
	if r := waitFor(t, second); r.err != nil || r.v != "value" {
		t.Fatalf("the other caller got %+v, want the value", r)
	}
	if v, err := once(context.Background(), &m, "key", b.fetch); err != nil || v != "value" || b.runs.Load() != 1 {
		t.Fatalf("later caller: %q, %v after %d runs; want the remembered value from 1 run", v, err, b.runs.Load())
	}
}

// A look-up nobody waits for any more is cancelled, and the next caller
// starts afresh instead of inheriting the cancellation.
func TestLookupNobodyWaitsForIsCancelledAndRestarted(t *testing.T) {
	var m memo
	b := newBlockingFetch()
	ctx, cancel := context.WithCancel(context.Background())
	a := lookUp(ctx, &m, b)
	fctx := waitFor(t, b.started)
	joinedBy(t, &m, 1)
	cancel()
	waitFor(t, a)
	select {
	case <-fctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the abandoned look-up kept running")
	}

	again := lookUp(context.Background(), &m, b)
	waitFor(t, b.started)
	close(b.release)
	if r := waitFor(t, again); r.err != nil || r.v != "value" {
		t.Fatalf("new caller got %+v, want the value from a fresh look-up", r)
	}
}

func TestFailuresAreNotRemembered(t *testing.T) {
	var m memo
	fails := true
	fetch := func(context.Context) (int, error) {
		if fails {
			return 0, errors.New("boom")
		}
		return 7, nil
	}
	if _, err := once(context.Background(), &m, "k", fetch); err == nil {
		t.Fatal("want the failure")
	}
	fails = false
	if v, err := once(context.Background(), &m, "k", fetch); err != nil || v != 7 {
		t.Fatalf("retry after a failure: %d, %v", v, err)
	}
}
