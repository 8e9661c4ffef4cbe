package ghclient

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Redirects. GitHub answers 301 for a renamed or transferred repository, so
// redirects within base_url's scheme and host are followed. Any other is
// refused before anything is sent to it: the app's JWT and the installation
// tokens are added below the http.Clients (ghinstallation sets Authorization
// in its RoundTrip), where net/http's rule of dropping Authorization on a
// redirect to another host cannot see them, so every redirect followed would
// carry them along.
//
// The client below the retrying layer follows no redirect and hands the 3xx
// up unchanged (the retry policy does not retry a 3xx); the outermost client
// follows it, through the retrying and auth layers again, or refuses it.
// The refusal is above the retrying layer, so it is never retried.

// maxRedirects is net/http's default limit, which a CheckRedirect replaces.
const maxRedirects = 10

// handRedirectUp is the CheckRedirect of the client below the retrying layer.
func handRedirectUp(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// checkRedirect is the CheckRedirect of the outermost client: req is the
// redirect about to be sent, via the requests sent so far.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if !sameOrigin(req.URL, c.base) {
		return redirectError(req, via, fmt.Sprintf(
			"redirect to %s (another host or scheme than base_url %s); not followed: the request carries the app's credentials",
			withoutSecrets(req.URL), c.base))
	}
	if len(via) >= maxRedirects {
		return redirectError(req, via, fmt.Sprintf("stopped after %d redirects, the last to %s", maxRedirects, withoutSecrets(req.URL)))
	}
	return nil
}

// redirectError is an *APIError for the call the redirect belongs to, with
// the status of the answer that redirected.
func redirectError(req *http.Request, via []*http.Request, message string) *APIError {
	cl := callFrom(req.Context())
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &APIError{Method: via[0].Method, Route: cl.Route, Path: cl.Path, StatusCode: status, Message: message,
		Repository: cl.Repository, InstallationID: cl.InstallationID}
}

// sameOrigin compares scheme and host (port included, a default port
// written or not) case-insensitively.
func sameOrigin(u, base *url.URL) bool {
	return strings.EqualFold(u.Scheme, base.Scheme) && hostPort(u) == hostPort(base)
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// withoutSecrets is u for an error message: no user info, query or fragment.
func withoutSecrets(u *url.URL) string {
	v := *u
	v.User, v.RawQuery, v.ForceQuery, v.Fragment, v.RawFragment = nil, "", false, "", ""
	return v.String()
}
