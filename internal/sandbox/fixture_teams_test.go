package sandbox

import (
	"strings"
	"testing"
)

func TestFixtureTeamsGitHubCouldNotHaveAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		edit       func(*Fixture)
	}{
		{"unknown org", "no organisation", func(f *Fixture) { f.Teams[0].Org = "nobody" }},
		{"bad privacy", "privacy", func(f *Fixture) { f.Teams[0].Privacy = "visible" }},
		{"duplicate slug", "slug used twice", func(f *Fixture) { f.Teams[1].Slug = f.Teams[0].Slug }},
		{"missing parent", "no team of its organisation", func(f *Fixture) { f.Teams[0].Parent = "ghosts" }},
		{"parent in another org", "no team of its organisation", func(f *Fixture) {
			f.Teams[len(f.Teams)-1].Parent = f.Teams[0].Slug
		}},
		{"cycle", "cycle", func(f *Fixture) { f.Teams[0].Parent = fixtureTeamChild(f, f.Teams[0].Slug) }},
		{"unknown repository", "is not one of", func(f *Fixture) { f.Teams[0].Repositories = []string{"acme/nothing"} }},
		{"another org's repository", "is not one of", func(f *Fixture) { f.Teams[0].Repositories = []string{"acme-labs/experiments"} }},
		{"topic in upper case", "not lower case", func(f *Fixture) { f.Repositories[0].Topics = []string{"Backend"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := exampleFixture(t)
			if err := CheckTeams(f); err != nil {
				t.Fatalf("the example fixture: %v", err)
			}
			tc.edit(f)
			if err := CheckTeams(f); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// fixtureTeamChild is a team whose parent is slug, in the first team's org.
func fixtureTeamChild(f *Fixture, slug string) string {
	for _, x := range f.Teams {
		if x.Org == f.Teams[0].Org && x.Parent == slug {
			return x.Slug
		}
	}
	return ""
}
