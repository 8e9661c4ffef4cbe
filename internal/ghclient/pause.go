package ghclient

import (
	"context"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"
)

// Rate limits belong to a credential: the app's JWT or one installation's
// token. Once any request learns that its credential's quota is spent (a
// response with x-ratelimit-remaining: 0) or that GitHub asked it to slow
// down, every request with that credential pauses until then, instead of
// each running into the limit on its own: that wastes requests and, for the
// secondary limit, GitHub counts it against the app.

// quotaKey names a rate-limit quota: an installation's (0 for the app's
// JWT), REST's or GraphQL's, which GitHub keeps apart.
type quotaKey struct {
	installation int64
	graphql      bool
}

// quota is the key of the quota a call spends.
func (cl call) quota() quotaKey {
	if cl.Route == tokenRoute || strings.HasPrefix(cl.Route, "GET /app/") {
		return quotaKey{}
	}
	return quotaKey{installation: cl.InstallationID, graphql: cl.graphql}
}

type pauseInfo struct {
	until     time.Time // a real instant (already scaled in tests)
	secondary bool
	backoff   bool // the provider's own backoff, GitHub named no time
}

// pause holds back requests of a quota until the given time.
func (c *Client) pause(quota quotaKey, until time.Time, l limit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.pauses[quota].until) {
		c.pauses[quota] = pauseInfo{until: until, secondary: l.secondary, backoff: l.backoff}
	}
}

func (c *Client) paused(quota quotaKey) pauseInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pauses[quota]
}

type attemptsKey struct{}

// awaitPause waits for a pause of the call's quota, within the request's
// rate-limit budget; beyond it, it fails at once with *RateLimitWaitError.
func (c *Client) awaitPause(ctx context.Context, cl call) error {
	pi := c.paused(cl.quota())
	sleep := time.Until(pi.until)
	if sleep <= 0 {
		return nil
	}
	wait := time.Duration(float64(sleep) / c.waitScale) // as GitHub asked, for the budget
	p, _ := ctx.Value(attemptsKey{}).(*attempts)
	if p == nil {
		p = &attempts{c: c, call: cl}
	}
	if err := p.budget(ctx, cl, limit{secondary: pi.secondary, wait: wait, backoff: pi.backoff}); err != nil {
		return err
	}
	safelog.Debug(ctx, "holding request back for a rate limit another request met", map[string]any{
		"route": cl.Route, "path": cl.Path, "wait": wait.String(),
	})
	t := time.NewTimer(sleep)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
