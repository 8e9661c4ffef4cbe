package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"time"
)

// route is one endpoint: its template (as counted) and pattern.
type route struct {
	method, template string
	pattern          *regexp.Regexp
	auth             authKind
	serve            func(s *Server, c *call) response
}

type authKind int

const (
	authApp   authKind = iota // app JWT
	authToken                 // installation token
)

var routes = []route{
	{"GET", "GET /app/installations", regexp.MustCompile(`^/app/installations$`), authApp, (*Server).listInstallations},
	{"GET", "GET /app/installations/{installation_id}", regexp.MustCompile(`^/app/installations/(\d+)$`), authApp, (*Server).getInstallation},
	{"POST", tokenRouteTemplate, regexp.MustCompile(`^/app/installations/(\d+)/access_tokens$`), authApp, (*Server).createToken},
	{"GET", "GET /installation/repositories", regexp.MustCompile(`^/installation/repositories$`), authToken, (*Server).listRepositories},
	{"GET", "GET /repos/{owner}/{repo}/deployments", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/deployments$`), authToken, (*Server).listDeployments},
	{"GET", "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/deployments/(\d+)/statuses$`), authToken, (*Server).listStatuses},
	{"GET", "GET /repos/{owner}/{repo}/environments", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/environments$`), authToken, (*Server).listEnvironments},
	{"GET", "GET /repos/{owner}/{repo}/pulls", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/pulls$`), authToken, (*Server).listPulls},
	{"GET", "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/pulls/(\d+)/commits$`), authToken, (*Server).listPullCommits},
	{"GET", "GET /orgs/{org}/teams", regexp.MustCompile(`^/orgs/([^/]+)/teams$`), authToken, (*Server).listTeams},
	{"GET", "GET /orgs/{org}/teams/{team_slug}", regexp.MustCompile(`^/orgs/([^/]+)/teams/([^/]+)$`), authToken, (*Server).getTeam},
	{"GET", "GET /orgs/{org}/teams/{team_slug}/repos", regexp.MustCompile(`^/orgs/([^/]+)/teams/([^/]+)/repos$`), authToken, (*Server).listTeamRepos},
	{"GET", "GET /repos/{owner}/{repo}/issues", regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/issues$`), authToken, (*Server).listIssues},
}

// call is one request on its way through the server.
type call struct {
	r        *http.Request
	path     string   // without the /api/v3 prefix
	base     string   // absolute API root of this request, with trailing slash
	params   []string // the route pattern's groups
	app      *appState
	token    *token
	inst     *Installation // the token's installation
	truncate bool          // a truncated-body fault was drawn
}

// response is what a handler decided; ServeHTTP writes it.
type response struct {
	status int
	body   any
	header http.Header
}

func errorResponse(status int, message, docs string) response {
	return response{status: status, body: object{"message": message, "documentation_url": docs}}
}

const docsRoot = "https://docs.github.com/rest"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveGraphQL(w, r) {
		return
	}
	path, prefix := r.URL.Path, ""
	if strings.HasPrefix(path, "/api/v3/") || path == "/api/v3" {
		path, prefix = strings.TrimPrefix(path, "/api/v3"), "/api/v3"
	}
	if strings.HasPrefix(path, "/_sandbox/") {
		s.serveAdmin(w, r, strings.TrimPrefix(path, "/_sandbox/"))
		return
	}
	if s.refuseOutsideAPIV3(w, prefix) {
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	path = s.repositoryByID(path)
	c := &call{r: r, path: path, base: scheme + "://" + r.Host + prefix + "/"}
	rt := matchRoute(r.Method, path, c)
	if rt == nil {
		s.count("unmatched")
		s.write(w, c, "", errorResponse(http.StatusNotFound, "Not Found", docsRoot))
		return
	}
	s.count(rt.template)
	if resp, ok := s.redirected(rt, c); ok {
		s.write(w, c, "", resp)
		return
	}
	s.holdAt(c, rt.template)
	if s.injectFault(w, r, c) || s.tokenRouteFault(w, c, rt.template) {
		return
	}
	cred := credential(r.Header.Get("Authorization"))
	if resp, ok := s.authenticate(rt.auth, cred, c); !ok {
		s.write(w, c, "", resp)
		return
	}
	key := quotaKey(c)
	if resp, limited := s.primaryLimited(key, c); limited {
		s.write(w, c, key, resp)
		return
	}
	s.write(w, c, key, rt.serve(s, c))
}

func matchRoute(method, path string, c *call) *route {
	for i := range routes {
		rt := &routes[i]
		if m := rt.pattern.FindStringSubmatch(path); m != nil && rt.method == method {
			c.params = m[1:]
			return rt
		}
	}
	return nil
}

func (s *Server) authenticate(kind authKind, cred string, c *call) (response, bool) {
	if cred == "" {
		return errorResponse(http.StatusUnauthorized, "Requires authentication", docsRoot), false
	}
	if kind == authApp {
		if !looksLikeJWT(cred) {
			return errorResponse(http.StatusUnauthorized, msgJWTUndecodable, docsRoot), false
		}
		app, status, msg := s.verifyJWT(cred)
		if app == nil {
			return errorResponse(status, msg, docsRoot), false
		}
		c.app = app
		return response{}, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.tokens[cred]
	if tok == nil || !s.opts.Now().Before(tok.expires) || s.tokenUseFault(cred) {
		return errorResponse(http.StatusUnauthorized, msgBadCredentials, docsRoot), false
	}
	inst := s.installations[tok.installationID]
	if inst == nil {
		return errorResponse(http.StatusUnauthorized, msgBadCredentials, docsRoot), false
	}
	c.token, c.inst = tok, inst
	return response{}, true
}

// permitted reports whether the token may read with permission now: both
// the token and its installation, as it stands, must grant it.
func (s *Server) permitted(c *call, permission string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return levelAtLeastRead(c.token.permissions[permission]) && levelAtLeastRead(c.inst.Permissions[permission])
}

func (s *Server) sleep(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}
