package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) appInstallations(appID int64) []*Installation {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Installation
	for _, inst := range s.installations {
		if inst.AppID == appID {
			out = append(out, inst)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// listInstallations: GET /app/installations.
func (s *Server) listInstallations(c *call) response {
	items, h := page(c, s.appInstallations(c.app.ID))
	body := make([]object, len(items))
	s.mu.Lock()
	for i, inst := range items {
		body[i] = s.installationJSON(c.base, inst)
	}
	s.mu.Unlock()
	return response{status: http.StatusOK, body: body, header: h}
}

func (s *Server) appInstallation(c *call) *Installation {
	id, _ := strconv.ParseInt(c.params[0], 10, 64)
	for _, inst := range s.appInstallations(c.app.ID) {
		if inst.ID == id {
			return inst
		}
	}
	return nil
}

// getInstallation: GET /app/installations/{installation_id}.
func (s *Server) getInstallation(c *call) response {
	inst := s.appInstallation(c)
	if inst == nil {
		return errorResponse(http.StatusNotFound, "Not Found", docsRoot+"/apps/apps#get-an-installation-for-the-authenticated-app")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return response{status: http.StatusOK, body: s.installationJSON(c.base, inst)}
}

type tokenRequest struct {
	Repositories  []string          `json:"repositories"`
	RepositoryIDs []int64           `json:"repository_ids"`
	Permissions   map[string]string `json:"permissions"`
}

// createToken: POST /app/installations/{installation_id}/access_tokens.
// The token gets the requested permissions (each at most the
// installation's) and repositories (each the installation's), by default all.
func (s *Server) createToken(c *call) response {
	const docs = docsRoot + "/apps/apps#create-an-installation-access-token-for-an-app"
	inst := s.appInstallation(c)
	if inst == nil {
		return errorResponse(http.StatusNotFound, "Not Found", docs)
	}
	var req tokenRequest
	if c.r.Body != nil {
		if err := json.NewDecoder(c.r.Body).Decode(&req); err != nil && !errors.Is(err, io.EOF) {
			return errorResponse(http.StatusBadRequest, "Problems parsing JSON", docs)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if inst.SuspendedAt != nil {
		return errorResponse(http.StatusForbidden, "This installation has been suspended", docs)
	}
	perms := cloneMap(inst.Permissions)
	if len(req.Permissions) > 0 {
		perms = map[string]string{}
		for p, level := range req.Permissions {
			if levelRank(level) == 0 || levelRank(level) > levelRank(inst.Permissions[p]) {
				return errorResponse(http.StatusUnprocessableEntity, "The permissions requested are not granted to this installation.", docs)
			}
			perms[p] = level
		}
	}
	accessible := s.installationRepos(inst)
	var repos map[string]bool
	var listed []*Repository
	if len(req.Repositories) > 0 || len(req.RepositoryIDs) > 0 {
		repos = map[string]bool{}
		for _, r := range accessible {
			_, name, _ := strings.Cut(r.FullName, "/")
			if containsFold(req.Repositories, name) || containsFold(req.Repositories, r.FullName) || containsID(req.RepositoryIDs, r.ID) {
				repos[strings.ToLower(r.FullName)] = true
				listed = append(listed, r)
			}
		}
		if len(repos) != len(req.Repositories)+len(req.RepositoryIDs) {
			return errorResponse(http.StatusUnprocessableEntity, "There is at least one repository that does not exist or is not accessible to the parent installation.", docs)
		}
	}
	value := newTokenValue()
	expires := s.opts.Now().Add(s.opts.TokenTTL).UTC()
	s.tokens[value] = &token{installationID: inst.ID, expires: expires, permissions: perms, repositories: repos}
	body := object{
		"token": value, "expires_at": expires.Format(time.RFC3339),
		"permissions": perms, "repository_selection": inst.RepositorySelection,
	}
	if listed != nil {
		rs := make([]object, len(listed))
		for i, r := range listed {
			rs[i] = s.repositoryJSON(c.base, r)
		}
		body["repositories"] = rs
		body["repository_selection"] = "selected"
	}
	return response{status: http.StatusCreated, body: body}
}

// installationRepos lists what an installation can reach. The caller holds s.mu.
func (s *Server) installationRepos(inst *Installation) []*Repository {
	var out []*Repository
	if inst.RepositorySelection == "all" {
		out = append(out, s.reposByOwner[strings.ToLower(inst.Account.Login)]...)
	} else {
		for _, name := range inst.Repositories {
			if r := s.repos[strings.ToLower(name)]; r != nil {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func containsID(list []int64, id int64) bool {
	for _, v := range list {
		if v == id {
			return true
		}
	}
	return false
}
