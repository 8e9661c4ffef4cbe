package sandbox

import (
	"net/http"
	"strings"
)

const teamsDocs = docsRoot + "/teams/teams"

// orgTeamsFor resolves {org} for the token: an organisation its
// installation is not on, or a user account, is a 404, as GitHub hides
// what a token may not see; without members permission, a 403.
func (s *Server) orgTeamsFor(c *call, docs string) *response {
	if !teamsOrg(c, c.params[0]) {
		resp := errorResponse(http.StatusNotFound, "Not Found", docs)
		return &resp
	}
	if !s.permitted(c, "members") {
		resp := errorResponse(http.StatusForbidden, msgNotAccessible, docs)
		return &resp
	}
	return nil
}

// orgTeam resolves {org}/{team_slug} as orgTeamsFor, an unknown slug a 404.
func (s *Server) orgTeam(c *call, docs string) (*Team, *response) {
	if errResp := s.orgTeamsFor(c, docs); errResp != nil {
		return nil, errResp
	}
	s.mu.Lock()
	t := s.team(c.params[0], c.params[1])
	s.mu.Unlock()
	if t == nil {
		resp := errorResponse(http.StatusNotFound, "Not Found", docs)
		return nil, &resp
	}
	return t, nil
}

// listTeams: GET /orgs/{org}/teams, by ID.
func (s *Server) listTeams(c *call) response {
	if errResp := s.orgTeamsFor(c, teamsDocs+"#list-teams"); errResp != nil {
		return *errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items, h := page(c, s.orgTeams(c.params[0]))
	body := make([]object, len(items))
	for i, t := range items {
		body[i] = s.teamJSON(c.base, t)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// getTeam: GET /orgs/{org}/teams/{team_slug}, GitHub's team-full.
func (s *Server) getTeam(c *call) response {
	t, errResp := s.orgTeam(c, teamsDocs+"#get-a-team-by-name")
	if errResp != nil {
		return *errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return response{status: http.StatusOK, body: s.teamFullJSON(c, t)}
}

// listTeamRepos: GET /orgs/{org}/teams/{team_slug}/repos, the team's
// repositories the token can also reach, by ID.
func (s *Server) listTeamRepos(c *call) response {
	t, errResp := s.orgTeam(c, teamsDocs+"#list-team-repositories")
	if errResp != nil {
		return *errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items, h := page(c, s.teamRepos(t, s.tokenReposSet(c)))
	body := make([]object, len(items))
	for i, r := range items {
		body[i] = s.repositoryJSON(c.base, r)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// tokenReposSet is tokenRepos as a membership test. The caller holds s.mu.
func (s *Server) tokenReposSet(c *call) func(*Repository) bool {
	in := map[*Repository]bool{}
	for _, r := range s.tokenRepos(c) {
		in[r] = true
	}
	return func(r *Repository) bool { return in[r] }
}

// teamSimpleJSON is GitHub's team-simple; teamJSON adds the parent.
func (s *Server) teamSimpleJSON(base string, t *Team) object {
	u := base + "organizations/" + strings.ToLower(t.Org) + "/team/" + t.Slug
	var description any
	if t.Description != "" {
		description = t.Description
	}
	return object{
		"id": t.ID, "node_id": nodeID("T", t.ID), "url": u, "html_url": "https://github.com/orgs/" + t.Org + "/teams/" + t.Slug,
		"name": t.Name, "slug": t.Slug, "description": description, "privacy": t.Privacy,
		"notification_setting": "notifications_enabled", "permission": "pull",
		"members_url": u + "/members{/member}", "repositories_url": u + "/repos", "type": "organization",
	}
}

func (s *Server) teamJSON(base string, t *Team) object {
	o := s.teamSimpleJSON(base, t)
	o["parent"] = nil
	if p := s.parentTeam(t); p != nil {
		o["parent"] = s.teamSimpleJSON(base, p)
	}
	return o
}

// teamFullJSON is GitHub's team-full: members_count counts descendant
// teams' members too, repos_count the repositories its repos route lists.
func (s *Server) teamFullJSON(c *call, t *Team) object {
	o := s.teamJSON(c.base, t)
	created := stamp(c.inst.CreatedAt)
	org := s.user(c.base, c.inst.Account.Login, c.inst.Account.ID, "Organization")
	for _, k := range []string{"gravatar_id", "followers_url", "following_url", "gists_url", "starred_url", "subscriptions_url", "organizations_url", "received_events_url", "type", "site_admin", "html_url", "node_id"} {
		delete(org, k)
	}
	u := c.base + "orgs/" + c.inst.Account.Login
	org["html_url"] = "https://github.com/" + c.inst.Account.Login
	org["node_id"] = nodeID("O", c.inst.Account.ID)
	org["hooks_url"], org["issues_url"], org["members_url"], org["public_members_url"] = u+"/hooks", u+"/issues", u+"/members{/member}", u+"/public_members{/member}"
	org["description"], org["has_organization_projects"], org["has_repository_projects"] = nil, true, true
	org["public_repos"], org["public_gists"], org["followers"], org["following"] = 0, 0, 0, 0
	org["created_at"], org["updated_at"], org["type"], org["archived_at"] = created, created, "Organization", nil
	o["members_count"] = len(s.teamMembers(t, false))
	o["repos_count"] = len(s.teamRepos(t, s.tokenReposSet(c)))
	o["organization"] = org
	o["created_at"], o["updated_at"] = created, created
	return o
}
