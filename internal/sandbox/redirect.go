package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Redirect makes a route answer with a redirect instead of serving it, as a
// misconfigured proxy or a hostile server would: tests point it at a
// Recorder to see what a client sends where it should not.
type Redirect struct {
	// Route is a route template as Counts names it, e.g. "GET /app/installations".
	Route string `json:"route"`
	// Status is 301, 302, 303, 307 or 308.
	Status int `json:"status"`
	// To is an absolute URL; the request's API path (without /api/v3) and
	// query are appended to it to make the Location.
	To string `json:"to"`
}

func (r Redirect) validate() error {
	switch r.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return fmt.Errorf("sandbox: redirect for %q: status %d is not a redirect", r.Route, r.Status)
	}
	if !routeExists(r.Route) {
		return fmt.Errorf("sandbox: redirect for %q: no such route", r.Route)
	}
	u, err := url.Parse(r.To)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("sandbox: redirect for %q: %q is not an absolute URL", r.Route, r.To)
	}
	return nil
}

func routeExists(template string) bool {
	for _, rt := range routes {
		if rt.template == template {
			return true
		}
	}
	return false
}

// SetRedirects replaces the redirect rules (none by default).
func (s *Server) SetRedirects(rs ...Redirect) error {
	for _, r := range rs {
		if err := r.validate(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.redirects = append([]Redirect(nil), rs...)
	s.mu.Unlock()
	return nil
}

// redirected answers the request with its route's redirect rule, if any.
func (s *Server) redirected(rt *route, c *call) (response, bool) {
	s.mu.Lock()
	var rule *Redirect
	for i := range s.redirects {
		if s.redirects[i].Route == rt.template {
			rule = &s.redirects[i]
		}
	}
	s.mu.Unlock()
	if rule == nil {
		return response{}, false
	}
	return s.redirect(c, rule.Status, strings.TrimSuffix(rule.To, "/")+c.path), true
}

// redirect is GitHub's redirect answer: the Location, with the request's
// query, and a body naming it.
func (s *Server) redirect(c *call, status int, location string) response {
	if c.r.URL.RawQuery != "" {
		location += "?" + c.r.URL.RawQuery
	}
	s.mu.Lock()
	s.counts["redirect: "+strconv.Itoa(status)]++
	s.mu.Unlock()
	return response{status: status, header: http.Header{"Location": {location}}, body: object{
		"message": http.StatusText(status), "url": location,
		"documentation_url": "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
	}}
}

// formerName answers a request for a repository by a name it had before a
// rename or transfer, as GitHub does: 301 to the repository by ID,
// /repositories/{id}/… (which repositoryByID serves). Only a repository the
// token can reach is redirected; any other name stays a 404.
func (s *Server) formerName(c *call, name string) (response, bool) {
	s.mu.Lock()
	var repo *Repository
	for _, r := range s.tokenRepos(c) {
		if containsFold(r.FormerNames, name) {
			repo = r
		}
	}
	s.mu.Unlock()
	if repo == nil {
		return response{}, false
	}
	rest := strings.TrimPrefix(c.path, "/repos/"+c.params[0]+"/"+c.params[1])
	return s.redirect(c, http.StatusMovedPermanently, c.base+"repositories/"+strconv.FormatInt(repo.ID, 10)+rest), true
}

var byIDPath = regexp.MustCompile(`^/repositories/(\d+)(/.*)$`)

// repositoryByID turns /repositories/{id}/… into /repos/{owner}/{repo}/…,
// GitHub's other address of a repository (where renamed ones redirect to).
func (s *Server) repositoryByID(path string) string {
	m := byIDPath.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.repos {
		if r.ID == id {
			return "/repos/" + r.FullName + m[2]
		}
	}
	return path
}
