package sandbox

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// tokenRepos is what the call's token can reach. The caller holds s.mu.
func (s *Server) tokenRepos(c *call) []*Repository {
	all := s.installationRepos(c.inst)
	if c.token.repositories == nil {
		return all
	}
	var out []*Repository
	for _, r := range all {
		if c.token.repositories[strings.ToLower(r.FullName)] {
			out = append(out, r)
		}
	}
	return out
}

// listRepositories: GET /installation/repositories (needs metadata).
func (s *Server) listRepositories(c *call) response {
	if !s.permitted(c, "metadata") {
		return errorResponse(http.StatusForbidden, msgNotAccessible, docsRoot+"/apps/installations#list-repositories-accessible-to-the-app-installation")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	repos := s.tokenRepos(c)
	items, h := page(c, repos)
	body := make([]object, len(items))
	for i, r := range items {
		body[i] = s.repositoryJSON(c.base, r)
	}
	selection := c.inst.RepositorySelection
	if c.token.repositories != nil {
		selection = "selected"
	}
	return response{status: http.StatusOK, header: h, body: object{
		"total_count": len(repos), "repository_selection": selection, "repositories": body,
	}}
}

// repository resolves {owner}/{repo} for the token: a repository it cannot
// reach is a 404, as GitHub hides what a token may not see; one it can reach
// without the permission is a 403; a former name of one it can reach is a
// 301 to its current address.
func (s *Server) repository(c *call, permission, docs string) (*Repository, *response) {
	name := strings.ToLower(c.params[0] + "/" + c.params[1])
	s.mu.Lock()
	var repo *Repository
	for _, r := range s.tokenRepos(c) {
		if strings.ToLower(r.FullName) == name {
			repo = r
		}
	}
	s.mu.Unlock()
	if repo == nil {
		if resp, ok := s.formerName(c, name); ok {
			return nil, &resp
		}
		resp := errorResponse(http.StatusNotFound, "Not Found", docs)
		return nil, &resp
	}
	if !s.permitted(c, permission) {
		resp := errorResponse(http.StatusForbidden, msgNotAccessible, docs)
		return nil, &resp
	}
	return repo, nil
}

// listDeployments: GET /repos/{owner}/{repo}/deployments, newest first,
// filtered by sha, ref, task and environment. The environment filter is an
// exact, case-sensitive match: the provider must not rely on GitHub folding
// case for it.
func (s *Server) listDeployments(c *call) response {
	repo, errResp := s.repository(c, "deployments", docsRoot+"/deployments/deployments#list-deployments")
	if errResp != nil {
		return *errResp
	}
	q := c.r.URL.Query()
	var matched []*Deployment
	all := s.deployments(repo)
	for i := range all {
		d := &all[i]
		if (q.Has("environment") && d.Environment != q.Get("environment")) || (q.Has("sha") && d.SHA != q.Get("sha")) ||
			(q.Has("ref") && d.Ref != q.Get("ref")) || (q.Has("task") && d.Task != q.Get("task")) {
			continue
		}
		matched = append(matched, d)
	}
	items, h := page(c, matched)
	body := make([]object, len(items))
	for i, d := range items {
		body[i] = s.deploymentJSON(c.base, repo, d)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// listStatuses: GET /repos/{owner}/{repo}/deployments/{id}/statuses,
// newest first as GitHub lists them.
func (s *Server) listStatuses(c *call) response {
	const docs = docsRoot + "/deployments/statuses#list-deployment-statuses"
	repo, errResp := s.repository(c, "deployments", docs)
	if errResp != nil {
		return *errResp
	}
	id, _ := strconv.ParseInt(c.params[2], 10, 64)
	var dep *Deployment
	all := s.deployments(repo)
	for i := range all {
		if all[i].ID == id {
			dep = &all[i]
		}
	}
	if dep == nil {
		return errorResponse(http.StatusNotFound, "Not Found", docs)
	}
	statuses := make([]*Status, len(dep.Statuses))
	for i := range dep.Statuses {
		statuses[i] = &dep.Statuses[i]
	}
	sortStatusesNewestFirst(statuses)
	items, h := page(c, statuses)
	body := make([]object, len(items))
	for i, st := range items {
		body[i] = s.statusJSON(c.base, repo, dep, st)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

func sortStatusesNewestFirst(sts []*Status) {
	sort.Slice(sts, func(i, j int) bool { return newerStatus(sts[i], sts[j]) })
}

func newerStatus(a, b *Status) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.After(b.CreatedAt)
	}
	return a.ID > b.ID
}

// listEnvironments: GET /repos/{owner}/{repo}/environments (needs actions:
// read, DESIGN §3).
func (s *Server) listEnvironments(c *call) response {
	repo, errResp := s.repository(c, "actions", docsRoot+"/deployments/environments#list-environments")
	if errResp != nil {
		return *errResp
	}
	envs := make([]*Environment, len(repo.Environments))
	for i := range repo.Environments {
		envs[i] = &repo.Environments[i]
	}
	items, h := page(c, envs)
	body := make([]object, len(items))
	for i, e := range items {
		body[i] = s.environmentJSON(c.base, repo, e)
	}
	return response{status: http.StatusOK, header: h, body: object{"total_count": len(envs), "environments": body}}
}
