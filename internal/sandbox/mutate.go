package sandbox

import (
	"fmt"
	"sort"
	"strings"
)

// AddDeployment creates a deployment in a repository while the server runs,
// as a CI system would in the middle of a read: lists served after it show
// it first (it is the newest), which shifts every offset page by one.
func (s *Server) AddDeployment(fullName string, d Deployment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[strings.ToLower(fullName)]
	if !ok {
		return fmt.Errorf("sandbox: no repository %s", fullName)
	}
	deps := append([]Deployment{d}, r.Deployments...) // a new slice: served pages keep theirs
	sort.SliceStable(deps, func(a, b int) bool { return newerDeployment(deps[a], deps[b]) })
	r.Deployments = deps
	return nil
}

// deployments is a repository's deployments, newest first, safe to read while
// AddDeployment runs.
func (s *Server) deployments(r *Repository) []Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return r.Deployments
}
