package ghclient

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// memo remembers each successful look-up for the life of the Client (one
// Terraform run), so the resource and data sources of one plan share them,
// and lets concurrent callers of the same key share one request. Failures
// are not remembered: a later caller tries again.
type memo struct {
	mu     sync.Mutex
	done   map[string]any
	flight singleflight.Group
}

func (m *memo) get(key string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.done[key]
	return v, ok
}

func (m *memo) put(key string, v any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done == nil {
		m.done = map[string]any{}
	}
	m.done[key] = v
}

// once returns the remembered value for key, or runs fetch (once, however
// many callers are waiting) and remembers its result. A shared flight runs
// with the context of the caller that started it.
func once[T any](ctx context.Context, m *memo, key string, fetch func(context.Context) (T, error)) (T, error) {
	if v, ok := m.get(key); ok {
		return v.(T), nil
	}
	v, err, _ := m.flight.Do(key, func() (any, error) {
		if v, ok := m.get(key); ok { // finished between the check above and Do
			return v, nil
		}
		v, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		m.put(key, v)
		return v, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
