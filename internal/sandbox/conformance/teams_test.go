package conformance

import (
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// teams walks the teams routes of the installation's organisation: the
// list a page at a time, every team, and every team's repositories.
func (c *conn) teams(f *sandbox.Fixture, instID int64, token string) {
	t := c.t
	var org string
	for _, inst := range f.Installations {
		if inst.ID == instID {
			org = inst.Account.Login
		}
	}
	var slugs []string
	for _, tm := range f.Teams {
		if strings.EqualFold(tm.Org, org) {
			slugs = append(slugs, tm.Slug)
		}
	}
	if len(slugs) < 3 {
		t.Fatalf("%s has %d teams; the teams routes need at least 3 to page", org, len(slugs))
	}
	if got := c.all(listTeams, "orgs/"+org+"/teams?per_page=2", token); got != len(slugs) {
		t.Errorf("GET /orgs/%s/teams paged through %d teams, the fixture has %d", org, got, len(slugs))
	}
	for _, slug := range slugs {
		c.do(getTeam, "orgs/"+org+"/teams/"+slug, token, nil, nil, 200)
		c.all(listTeamRepos, "orgs/"+org+"/teams/"+slug+"/repos?per_page=2", token)
	}
}
