package ghclient

import (
	"net/http"
	"sync"

	"github.com/bradleyfalzon/ghinstallation/v2"
)

// installationAuth authenticates with one installation token, as
// ghinstallation's Transport does, except that the token can be dropped.
// ghinstallation keeps a token until it nearly expires and has no way to
// forget it, but GitHub may refuse a token sooner (revoked, or an
// installation's tokens reset): the retrying layer then drops the
// Transport that sent the refused request, and the next attempt goes
// through a new one, which mints a new token.
type installationAuth struct {
	mint func() *ghinstallation.Transport

	mu  sync.Mutex
	cur *ghinstallation.Transport
}

func newInstallationAuth(mint func() *ghinstallation.Transport) *installationAuth {
	return &installationAuth{mint: mint, cur: mint()}
}

func (a *installationAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	t := a.cur
	a.mu.Unlock()
	if p, ok := req.Context().Value(attemptsKey{}).(*attempts); ok {
		p.sentWith = t // one request's attempts are sequential
	}
	return t.RoundTrip(req)
}

// drop forgets t's token, unless another request dropped it already: the
// requests that shared a refused token make one new one between them.
func (a *installationAuth) drop(t *ghinstallation.Transport) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cur == t {
		a.cur = a.mint()
	}
}
