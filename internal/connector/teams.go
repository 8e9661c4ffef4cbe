package connector

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// Team is an organisation team with the repositories in scope it can
// access: those GitHub lists for it and for each of its ancestors (a child
// team inherits its parent's access, and GitHub's list for a child may or
// may not include what it inherits, so the union is taken either way).
type Team struct {
	Organization string
	Slug         string
	Name         string
	Description  string // "" when GitHub has none
	Privacy      string // "closed" or "secret"
	Parent       string // the parent's slug, "" for a top-level team
	MembersCount int    // 0 unless read withMembers
	Repositories []string
}

// ReadTeams reads the teams of the organisations the scope's installations
// are on (installations on a user account have none), with the in-scope
// repositories each can access, sorted by slug, then organisation.
// withMembers also reads each team's members_count (one more request a
// team in rest mode; the GraphQL read has it anyway).
func ReadTeams(ctx context.Context, gh GitHub, sc *Scope, withMembers bool) ([]Team, error) {
	var mu sync.Mutex
	var out []Team
	g, gctx := errgroup.WithContext(ctx)
	for _, inst := range sc.Installations {
		if !strings.EqualFold(inst.Account.Type, "Organization") {
			continue
		}
		g.Go(func() error {
			teams, err := gh.reader().Teams(gctx, inst, withMembers)
			if err != nil {
				return teamsError(inst, err)
			}
			resolved := resolveTeams(inst.Account.Login, teams, sc.Repositories)
			mu.Lock()
			out = append(out, resolved...)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return SortTeams(out), nil
}

// SortTeams sorts teams by slug, then organisation, in place, and returns
// them.
func SortTeams(teams []Team) []Team {
	sort.Slice(teams, func(i, j int) bool {
		if teams[i].Slug != teams[j].Slug {
			return teams[i].Slug < teams[j].Slug
		}
		return teams[i].Organization < teams[j].Organization
	})
	return teams
}

// resolveTeams gives each of an organisation's teams the in-scope
// repositories of its own list and its ancestors', spelled and sorted as
// the scope has them.
func resolveTeams(org string, teams []ghclient.Team, inScope []ghclient.Repository) []Team {
	scope := make(map[string]int, len(inScope)) // lower-cased full name → index in inScope, for its order
	for i, r := range inScope {
		scope[strings.ToLower(r.FullName)] = i
	}
	bySlug := make(map[string]ghclient.Team, len(teams))
	for _, t := range teams {
		bySlug[t.Slug] = t
	}
	out := make([]Team, len(teams))
	for i, t := range teams {
		found := map[int]bool{}
		// Walk up the parents; seen guards against a cycle GitHub would
		// never serve.
		for at, seen := t, map[string]bool{}; !seen[at.Slug]; {
			seen[at.Slug] = true
			for _, name := range at.Repositories {
				if idx, ok := scope[strings.ToLower(name)]; ok {
					found[idx] = true
				}
			}
			parent, ok := bySlug[at.ParentSlug()]
			if !ok {
				break
			}
			at = parent
		}
		idxs := make([]int, 0, len(found))
		for idx := range found {
			idxs = append(idxs, idx)
		}
		sort.Ints(idxs)
		repos := make([]string, len(idxs))
		for k, idx := range idxs {
			repos[k] = inScope[idx].FullName
		}
		out[i] = Team{Organization: org, Slug: t.Slug, Name: t.Name, Privacy: t.Privacy, Parent: t.ParentSlug(),
			MembersCount: t.MembersCount, Repositories: repos}
		if t.Description != nil {
			out[i].Description = *t.Description
		}
	}
	return out
}

// teamsError names the organisation, and says which permission a refusal
// points to.
func teamsError(inst ghclient.Installation, err error) error {
	var apiErr *ghclient.APIError
	var gqlErr *ghclient.GraphQLError
	forbidden := errors.As(err, &apiErr) && apiErr.StatusCode == 403 && !isRateLimited(err)
	if errors.As(err, &gqlErr) {
		for _, m := range gqlErr.Messages {
			forbidden = forbidden || m.Type == "FORBIDDEN"
		}
	}
	if forbidden {
		return fmt.Errorf("reading the teams of organisation %q (%s): GitHub refused it: %w. Listing teams and their repositories needs the organization permission Members (read): "+
			"grant it in the app's settings → Permissions & events → Organization permissions → Members, then approve it on the installation", inst.Account.Login, describeInstallation(inst), err)
	}
	return fmt.Errorf("reading the teams of organisation %q (%s): %w", inst.Account.Login, describeInstallation(inst), err)
}

// isRateLimited tells a rate limit, which GitHub also answers with 403.
func isRateLimited(err error) bool {
	var rl *ghclient.RateLimitWaitError
	return errors.As(err, &rl)
}

// Teams reads the organisation's teams and what GitHub lists for each: the
// team list, then every team's repositories at once.
func (r restReader) Teams(ctx context.Context, inst ghclient.Installation, withMembers bool) ([]ghclient.Team, error) {
	teams, err := r.gh.Client.Teams(ctx, inst, withMembers)
	if err != nil {
		return nil, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.gh.concurrency())
	for i := range teams {
		g.Go(func() error {
			names, err := r.gh.Client.TeamRepositories(gctx, inst, teams[i].Slug)
			if err != nil {
				return fmt.Errorf("team %q: %w", teams[i].Slug, err)
			}
			teams[i].Repositories = names
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return teams, nil
}

// Teams reads the teams with GraphQL: the list with the counts of members
// and repositories, then the repositories in batches sized to the counts.
func (r graphqlReader) Teams(ctx context.Context, inst ghclient.Installation, _ bool) ([]ghclient.Team, error) {
	return r.gh.Client.GraphQLTeams(ctx, inst)
}
