// Package sandbox is a local GitHub: the REST endpoints the provider uses,
// served from a fixture with GitHub's auth rules, JSON shapes, pagination,
// conditional requests, rate-limit headers and error bodies, plus
// deterministic fault injection and per-route request counters.
package sandbox

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// Options configures a Server.
type Options struct {
	TokenTTL  time.Duration    // installation token lifetime; default 1h, as GitHub's
	RateLimit int              // requests per hour per token or app JWT; default 5000
	Faults    Faults           // injected failures; zero means none
	Redirects []Redirect       // routes answering with a redirect; see SetRedirects
	Now       func() time.Time // clock; default time.Now (tests skew it)

	EnterpriseServer   bool             // serve the API only under /api/v3/, as GHES does (enterprise.go)
	Gates              map[string]*Gate // per route template: hold its requests until the test lets them go (gate.go)
	GraphQLPoints      int              // GraphQL points per hour per installation; default 5000, as GitHub's
	GraphQLStatusOrder StatusOrder      // order of Deployment.statuses in GraphQL, which GitHub does not document
	// TeamReposInherited makes a team's repository list include those its
	// ancestor teams are granted; by default it lists the team's own grants.
	// GitHub's documentation leaves this open, so the provider must be right
	// either way and tests run both.
	TeamReposInherited bool
}

// Server is the sandbox GitHub. It is an http.Handler.
type Server struct {
	opts Options

	mu            sync.Mutex
	apps          map[int64]*appState
	installations map[int64]*Installation // by ID; mutated by the test hooks
	repos         map[string]*Repository  // by lower-cased full name
	reposByOwner  map[string][]*Repository
	teams         []*Team // ordered by ID, as GitHub lists them
	tokens        map[string]*token
	quotas        map[string]*quota // by credential key
	faults        Faults
	redirects     []Redirect
	seen          map[string]int // how often each exact request was seen, for faults
	tallies       map[string]int // requests of each kind a fault counts (faults.go)
	counts        map[string]int
	graphql       graphqlState

	httpSrv  *http.Server
	listener net.Listener
	url      string
}

type appState struct {
	App
	key *rsa.PublicKey
}

// New validates the fixture and builds a server for it.
func New(f *Fixture, opts Options) (*Server, error) {
	if opts.TokenTTL == 0 {
		opts.TokenTTL = time.Hour
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 5000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts: opts, faults: opts.Faults,
		apps: map[int64]*appState{}, installations: map[int64]*Installation{},
		repos: map[string]*Repository{}, reposByOwner: map[string][]*Repository{},
		tokens: map[string]*token{}, quotas: map[string]*quota{}, seen: map[string]int{}, tallies: map[string]int{}, counts: map[string]int{},
	}
	if err := s.SetRedirects(opts.Redirects...); err != nil {
		return nil, err
	}
	if err := firstError(checkChanges(f), CheckTeams(f)); err != nil {
		return nil, err
	}
	for _, a := range f.Apps {
		key, err := jwt.ParseRSAPublicKeyFromPEM([]byte(a.PublicKeyPEM))
		if err != nil {
			return nil, fmt.Errorf("sandbox: app %d: public key: %w", a.ID, err)
		}
		s.apps[a.ID] = &appState{App: a, key: key}
	}
	for i := range f.Repositories {
		r := f.Repositories[i]
		r.Deployments = append([]Deployment(nil), r.Deployments...)
		sort.SliceStable(r.Deployments, func(a, b int) bool { return newerDeployment(r.Deployments[a], r.Deployments[b]) })
		owner, _, ok := strings.Cut(r.FullName, "/")
		if !ok {
			return nil, fmt.Errorf("sandbox: repository %q is not owner/name", r.FullName)
		}
		s.repos[strings.ToLower(r.FullName)] = &r
		s.reposByOwner[strings.ToLower(owner)] = append(s.reposByOwner[strings.ToLower(owner)], &r)
	}
	for i := range f.Teams {
		s.teams = append(s.teams, &f.Teams[i])
	}
	sort.SliceStable(s.teams, func(a, b int) bool { return s.teams[a].ID < s.teams[b].ID })
	for i := range f.Installations {
		inst := f.Installations[i]
		if _, ok := s.apps[inst.AppID]; !ok {
			return nil, fmt.Errorf("sandbox: installation %d: unknown app %d", inst.ID, inst.AppID)
		}
		inst.Permissions = cloneMap(inst.Permissions)
		s.installations[inst.ID] = &inst
	}
	return s, nil
}

func newerDeployment(a, b Deployment) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.After(b.CreatedAt)
	}
	return a.ID > b.ID
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// It returns the base URL, with a trailing slash.
func (s *Server) Start(addr string) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	s.listener = l
	s.url = "http://" + l.Addr().String() + "/"
	s.httpSrv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpSrv.Serve(l) }()
	return s.url, nil
}

// URL is the base URL Start returned.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	if s.httpSrv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.httpSrv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.httpSrv.Close()
	}
	return err
}

// Counts returns the requests seen per route template, plus "total".
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes the counters.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	s.counts = map[string]int{}
	s.mu.Unlock()
}

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	s.faults = f
	s.seen = map[string]int{}
	s.tallies = map[string]int{}
	s.mu.Unlock()
}

// SetPermission sets an installation's permission; level "" removes it.
// Existing tokens lose it at once, as GitHub enforces on every request.
func (s *Server) SetPermission(installationID int64, permission, level string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, ok := s.installations[installationID]
	if !ok {
		return fmt.Errorf("sandbox: no installation %d", installationID)
	}
	if level == "" {
		delete(inst.Permissions, permission)
	} else {
		inst.Permissions[permission] = level
	}
	return nil
}

// SetSuspended suspends or unsuspends an installation.
func (s *Server) SetSuspended(installationID int64, suspended bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, ok := s.installations[installationID]
	if !ok {
		return fmt.Errorf("sandbox: no installation %d", installationID)
	}
	inst.SuspendedAt = nil
	if suspended {
		t := s.opts.Now().UTC().Truncate(time.Second)
		inst.SuspendedAt = &t
	}
	return nil
}

// RemoveInstallation uninstalls the app from an account; its tokens stop working.
func (s *Server) RemoveInstallation(installationID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.installations[installationID]; !ok {
		return fmt.Errorf("sandbox: no installation %d", installationID)
	}
	delete(s.installations, installationID)
	return nil
}

func (s *Server) count(route string) {
	s.mu.Lock()
	s.counts[route]++
	s.counts["total"]++
	s.mu.Unlock()
}
