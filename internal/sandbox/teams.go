package sandbox

import (
	"sort"
	"strings"
)

// The teams model both APIs serve: an organisation's teams, their members
// (a team's members include its descendant teams', as GitHub's member
// lists do) and the repositories they can access. The caller holds s.mu.

// orgTeams are the teams of org, by ID.
func (s *Server) orgTeams(org string) []*Team {
	var out []*Team
	for _, t := range s.teams {
		if strings.EqualFold(t.Org, org) {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) team(org, slug string) *Team {
	for _, t := range s.orgTeams(org) {
		if strings.EqualFold(t.Slug, slug) {
			return t
		}
	}
	return nil
}

func (s *Server) parentTeam(t *Team) *Team {
	if t.Parent == "" {
		return nil
	}
	return s.team(t.Org, t.Parent)
}

// teamMembers are the distinct logins of t's members, sorted; with
// immediate only its direct members, else those of its descendants too.
func (s *Server) teamMembers(t *Team, immediate bool) []string {
	seen := map[string]bool{}
	var walk func(*Team)
	walk = func(x *Team) {
		for _, m := range x.Members {
			seen[m] = true
		}
		if immediate {
			return
		}
		for _, child := range s.orgTeams(x.Org) {
			if strings.EqualFold(child.Parent, x.Slug) {
				walk(child)
			}
		}
	}
	walk(t)
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// teamRepos are the repositories granted to t that visible holds, by ID:
// its own grants, and with Options.TeamReposInherited its ancestors' too.
func (s *Server) teamRepos(t *Team, visible func(*Repository) bool) []*Repository {
	seen := map[*Repository]bool{}
	var out []*Repository
	for x := t; x != nil; x = s.parentTeam(x) {
		for _, name := range x.Repositories {
			if r := s.repos[strings.ToLower(name)]; r != nil && !seen[r] && visible(r) {
				seen[r] = true
				out = append(out, r)
			}
		}
		if !s.opts.TeamReposInherited {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// teamsOrg is whether the token's installation is on org, an organisation:
// only then does it see org's teams.
func teamsOrg(c *call, org string) bool {
	return strings.EqualFold(c.inst.Account.Login, org) && c.inst.Account.Type == "Organization"
}
