package sandbox

import (
	"fmt"
	"strings"
)

// CheckTeams (which New runs) refuses teams and topics GitHub could not have: a team
// belongs to an organisation, its slug is unique there, its parent is a
// team of the same organisation and no team is its own ancestor, its
// privacy is closed or secret, and it is granted repositories its
// organisation owns. GitHub stores topics lower case.
func CheckTeams(f *Fixture) error {
	orgs := map[string]bool{}
	for _, inst := range f.Installations {
		if inst.Account.Type == "Organization" {
			orgs[strings.ToLower(inst.Account.Login)] = true
		}
	}
	repos := map[string]bool{}
	for _, r := range f.Repositories {
		repos[strings.ToLower(r.FullName)] = true
		for _, t := range r.Topics {
			if t != strings.ToLower(t) || t == "" {
				return fmt.Errorf("sandbox: repository %s: topic %q is not lower case", r.FullName, t)
			}
		}
	}
	parent := map[string]string{} // org/slug → org/parent slug
	for _, t := range f.Teams {
		org := strings.ToLower(t.Org)
		key := org + "/" + strings.ToLower(t.Slug)
		what := fmt.Sprintf("team %s/%s", t.Org, t.Slug)
		switch {
		case !orgs[org]:
			return fmt.Errorf("sandbox: %s: %q is no organisation's login", what, t.Org)
		case t.Slug == "":
			return fmt.Errorf("sandbox: team %d: no slug", t.ID)
		case t.Privacy != "closed" && t.Privacy != "secret":
			return fmt.Errorf("sandbox: %s: privacy %q, want closed or secret", what, t.Privacy)
		}
		if _, dup := parent[key]; dup {
			return fmt.Errorf("sandbox: %s: slug used twice in %s", what, t.Org)
		}
		parent[key] = ""
		if t.Parent != "" {
			parent[key] = org + "/" + strings.ToLower(t.Parent)
		}
		for _, name := range t.Repositories {
			owner, _, _ := strings.Cut(strings.ToLower(name), "/")
			if !repos[strings.ToLower(name)] || owner != org {
				return fmt.Errorf("sandbox: %s: repository %s is not one of %s's", what, name, t.Org)
			}
		}
	}
	for key, up := range parent {
		seen := map[string]bool{key: true}
		for up != "" {
			next, ok := parent[up]
			switch {
			case !ok:
				return fmt.Errorf("sandbox: team %s: parent %s is no team of its organisation", key, up)
			case seen[up]:
				return fmt.Errorf("sandbox: team %s: its parents make a cycle", key)
			}
			seen[up] = true
			up = next
		}
	}
	return nil
}
