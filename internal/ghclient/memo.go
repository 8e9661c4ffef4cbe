package ghclient

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// memo remembers each successful look-up for the life of the Client (one
// Terraform run), so the resource and data sources of one plan share them,
// and lets concurrent callers of the same key share one request. Failures
// are not remembered: a later caller tries again.
//
// A shared look-up (a flight) belongs to no single caller: it runs detached
// from every caller's cancellation, each caller stops waiting on its own
// context, and the flight is cancelled only once no caller waits for it.
// golang.org/x/sync/singleflight runs a shared call under the first caller's
// context, so one data source's cancellation would fail another's look-up.
type memo struct {
	mu      sync.Mutex
	done    map[string]any
	flights map[string]*flight
}

type flight struct {
	finished chan struct{} // closed once value and err are set
	value    any
	err      error
	cancel   context.CancelFunc

	// Guarded by the memo's mutex.
	memo      *memo
	waiters   int
	unbounded int       // waiters with no deadline
	latest    time.Time // the latest deadline among the others
}

type flightKey struct{}

// requestDeadline is the context's deadline or, inside a shared look-up,
// the latest deadline of those waiting for it (none if any waits without
// one): rate-limit waits are bounded by it, as a caller's own would be.
func requestDeadline(ctx context.Context) (time.Time, bool) {
	if d, ok := ctx.Deadline(); ok {
		return d, true
	}
	f, ok := ctx.Value(flightKey{}).(*flight)
	if !ok {
		return time.Time{}, false
	}
	f.memo.mu.Lock()
	defer f.memo.mu.Unlock()
	if f.unbounded > 0 || f.latest.IsZero() {
		return time.Time{}, false
	}
	return f.latest, true
}

// once returns the remembered value for key, or runs fetch (once, however
// many callers are waiting) and remembers its result.
func once[T any](ctx context.Context, m *memo, key string, fetch func(context.Context) (T, error)) (T, error) {
	var zero T
	f, v, ok, _ := m.join(ctx, key, func(ctx context.Context) (any, error) { return fetch(ctx) })
	if ok {
		return v.(T), nil
	}
	select {
	case <-f.finished:
		if f.err != nil {
			return zero, f.err
		}
		return f.value.(T), nil
	case <-ctx.Done():
		m.leave(key, f)
		return zero, context.Cause(ctx)
	}
}

// remember stores v for key when another look-up read it along the way, so
// a later look-up of key need not ask; a value already remembered stays.
func (m *memo) remember(key string, v any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done == nil {
		m.done = map[string]any{}
	}
	if _, ok := m.done[key]; !ok {
		m.done[key] = v
	}
}

// join returns the remembered value (ok), or the flight for key, starting it
// if none is running (started).
func (m *memo) join(ctx context.Context, key string, fetch func(context.Context) (any, error)) (f *flight, v any, ok, started bool) {
	deadline, bounded := requestDeadline(ctx) // before locking: it locks an outer flight's memo
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.done[key]; ok {
		return nil, v, true, false
	}
	if m.flights == nil {
		m.flights = map[string]*flight{}
	}
	f = m.flights[key]
	if f == nil {
		started = true
		f = &flight{finished: make(chan struct{}), memo: m}
		// Values (loggers, call details) stay; cancellation and deadline go.
		fctx, cancel := context.WithCancel(context.WithValue(context.WithoutCancel(ctx), flightKey{}, f))
		f.cancel = cancel
		m.flights[key] = f
		go m.run(fctx, key, f, fetch)
	}
	f.waiters++
	if !bounded {
		f.unbounded++
	} else if deadline.After(f.latest) {
		f.latest = deadline
	}
	return f, nil, false, started
}

func (m *memo) run(ctx context.Context, key string, f *flight, fetch func(context.Context) (any, error)) {
	v, err := func() (v any, err error) {
		defer recovered.Catch(&err) // a goroutine of its own: a panic would end the process
		return fetch(ctx)
	}()
	m.mu.Lock()
	if err == nil {
		if m.done == nil {
			m.done = map[string]any{}
		}
		m.done[key] = v
	}
	if m.flights[key] == f {
		delete(m.flights, key)
	}
	m.mu.Unlock()
	f.value, f.err = v, err
	close(f.finished)
	f.cancel()
}

// leave stops waiting for f; the last caller to leave cancels it, and a later
// caller starts a new flight rather than joining a cancelled one.
func (m *memo) leave(key string, f *flight) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f.waiters--
	if f.waiters == 0 {
		f.cancel()
		if m.flights[key] == f {
			delete(m.flights, key)
		}
	}
}

// onceEach is once for many keys at a time: the keys remembered or in
// flight elsewhere are shared, and fetch is called once with the rest
// (which it may read in batches) and must return a value for each of them.
func onceEach[T any](ctx context.Context, m *memo, keys []string, fetch func(ctx context.Context, keys []string) (map[string]T, error)) (map[string]T, error) {
	b := &batch[T]{ready: make(chan struct{})}
	type joined struct {
		key string
		f   *flight
	}
	out := make(map[string]T, len(keys))
	var waits []joined
	for _, key := range keys {
		if _, dup := out[key]; dup {
			continue
		}
		f, v, ok, started := m.join(ctx, key, func(fctx context.Context) (any, error) { return b.get(fctx, key, fetch) })
		if ok {
			out[key] = v.(T)
			continue
		}
		if started {
			b.keys = append(b.keys, key)
		}
		waits = append(waits, joined{key, f})
	}
	close(b.ready)
	var firstErr error
	for _, w := range waits {
		select {
		case <-w.f.finished:
			if w.f.err != nil && firstErr == nil {
				firstErr = w.f.err
			}
			if w.f.err == nil {
				out[w.key] = w.f.value.(T)
			}
		case <-ctx.Done():
			for _, rest := range waits {
				m.leave(rest.key, rest.f)
			}
			return nil, context.Cause(ctx)
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// batch is the one fetch behind the flights onceEach starts.
type batch[T any] struct {
	ready  chan struct{} // closed once keys is complete
	keys   []string
	once   sync.Once
	values map[string]T
	err    error
}

func (b *batch[T]) get(ctx context.Context, key string, fetch func(context.Context, []string) (map[string]T, error)) (any, error) {
	<-b.ready
	b.once.Do(func() { b.values, b.err = fetch(ctx, b.keys) })
	if b.err != nil {
		return nil, b.err
	}
	v, ok := b.values[key]
	if !ok {
		return nil, fmt.Errorf("internal error: the batched read returned nothing for %s", key)
	}
	return v, nil
}
