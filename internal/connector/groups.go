package connector

import (
	"sort"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// The group_by keys.
const (
	GroupByTeam  = "team"
	GroupByTopic = "topic"
)

// Groups are the repositories of each group of a read, by key (a team's
// slug or a topic), and the repositories in none. Only groups with at least
// one repository of the read are kept. A repository can be in several
// groups, so the groups' figures need not add up to the whole's.
type Groups struct {
	Members   map[string][]string // full names, in the read's order
	Ungrouped []string
}

// TeamGroups groups the read's repositories by the teams that can access
// them. A slug found in two organisations is one group, as a topic is.
func TeamGroups(teams []Team, repos []ghclient.Repository) Groups {
	keys := map[string][]string{}
	for _, t := range teams {
		for _, r := range t.Repositories {
			keys[strings.ToLower(r)] = append(keys[strings.ToLower(r)], t.Slug)
		}
	}
	return group(repos, func(r ghclient.Repository) []string { return keys[strings.ToLower(r.FullName)] })
}

// TopicGroups groups the read's repositories by their topics.
func TopicGroups(repos []ghclient.Repository) Groups {
	return group(repos, func(r ghclient.Repository) []string { return r.Topics })
}

func group(repos []ghclient.Repository, keysOf func(ghclient.Repository) []string) Groups {
	g := Groups{Members: map[string][]string{}, Ungrouped: []string{}}
	for _, r := range repos {
		keys := keysOf(r)
		if len(keys) == 0 {
			g.Ungrouped = append(g.Ungrouped, r.FullName)
			continue
		}
		added := map[string]bool{}
		for _, k := range keys {
			if !added[k] {
				added[k] = true
				g.Members[k] = append(g.Members[k], r.FullName)
			}
		}
	}
	sortFold(g.Ungrouped)
	return g
}

// sortFold sorts full names as the scope does: case-insensitively, then by
// byte order.
func sortFold(names []string) {
	sort.Slice(names, func(i, j int) bool { return lessFold(names[i], names[j]) })
}

// ReposOfTeams is the union of the teams' repositories, by lower-cased full
// name.
func ReposOfTeams(teams []Team) map[string]bool {
	out := map[string]bool{}
	for _, t := range teams {
		for _, r := range t.Repositories {
			out[strings.ToLower(r)] = true
		}
	}
	return out
}
