package ghclient

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// GraphQLTeams lists the teams of the organisation an installation is on,
// each with MembersCount and the full names of the repositories GitHub
// lists for it (Organization.teams, then TeamRepositories), with a token
// asking for members (and metadata) only. Callers must not modify the
// teams' Repositories: the lists are shared through the memo.
func (c *Client) GraphQLTeams(ctx context.Context, inst Installation) ([]Team, error) {
	ctx = c.logContext(ctx)
	c.remember(inst)
	teams, err := once(ctx, &c.memo, "gql-teams:"+strconv.FormatInt(inst.ID, 10), func(ctx context.Context) ([]Team, error) {
		teams, err := c.organizationTeams(ctx, inst)
		if err != nil {
			return nil, err
		}
		if err := c.teamRepositories(ctx, inst, teams); err != nil {
			return nil, err
		}
		return teams, nil
	})
	return slices.Clone(teams), err
}

// organizationTeams pages through the organisation's teams, 100 a query.
func (c *Client) organizationTeams(ctx context.Context, inst Installation) ([]Team, error) {
	login := inst.Account.Login
	subject := []string{login}
	var teams []Team
	var after *string
	pages := c.connectionPages("OrganizationTeams", login)
	for {
		resp, err := OrganizationTeams(ctx, c.graphqlClient(inst, permMembers, subject, false), login, after)
		if err != nil {
			return nil, err
		}
		if resp.Organization == nil {
			return nil, &GraphQLError{Operation: "OrganizationTeams", Subjects: subject, Messages: []GraphQLMessage{{Message: "organization is null"}}}
		}
		page := resp.Organization.Teams
		var keys []string
		for _, n := range page.Nodes {
			if n == nil {
				continue
			}
			keys = append(keys, n.Id)
			t := Team{NodeID: n.Id, Slug: n.Slug, Name: n.Name, Description: n.Description,
				Privacy: restPrivacy(n.Privacy), MembersCount: n.Members.TotalCount, RepositoryCount: n.Repositories.TotalCount}
			if n.DatabaseId != nil {
				t.ID = int64(*n.DatabaseId)
			}
			if n.ParentTeam != nil {
				t.Parent = &struct {
					Slug string `json:"slug"`
				}{n.ParentTeam.Slug}
			}
			teams = append(teams, t)
		}
		if err := pages.next(pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}, keys); err != nil {
			return nil, err
		}
		if !page.PageInfo.HasNextPage {
			return teams, nil
		}
		after = page.PageInfo.EndCursor
	}
}

// restPrivacy spells GraphQL's TeamPrivacy as REST does: VISIBLE is REST's
// "closed".
func restPrivacy(p TeamPrivacy) string {
	if p == TeamPrivacyVisible {
		return "closed"
	}
	return strings.ToLower(string(p))
}

// teamBatches groups teams (by index) for TeamRepositories queries, each
// asking every team in it for one page that fits its largest team (at most
// 100). GitHub charges a query by the page sizes asked for, whatever the
// teams hold: len(ids) + len(ids) × first requests, ÷ 100 rounded, and at
// least 1 point. So teams are sorted by size and cut into the runs that cost
// least in all (every best grouping of a sorted list is such a cut), at most
// 100 ids a query. Teams with no repository need no query; a team with more
// than 100 is read on from its first page.
func teamBatches(teams []Team) (batches [][]int, firsts []int) {
	var order []int
	for i, t := range teams {
		if t.RepositoryCount > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return teams[a].RepositoryCount - teams[b].RepositoryCount })
	first := func(i int) int { return min(teams[order[i]].RepositoryCount, 100) }
	// best[i] is the least cost of the first i teams; cut[i] where its last
	// query starts.
	best, cut := make([]int, len(order)+1), make([]int, len(order)+1)
	for i := 1; i <= len(order); i++ {
		best[i] = -1
		for j := max(0, i-maxNodeIDs); j < i; j++ {
			if c := best[j] + queryPoints(i-j, first(i-1)); best[i] < 0 || c < best[i] {
				best[i], cut[i] = c, j
			}
		}
	}
	for i := len(order); i > 0; i = cut[i] {
		batches = append(batches, order[cut[i]:i:i])
		firsts = append(firsts, first(i-1))
	}
	slices.Reverse(batches)
	slices.Reverse(firsts)
	return batches, firsts
}

// queryPoints is what GitHub charges a TeamRepositories query of n teams
// asking first repositories of each.
func queryPoints(n, first int) int {
	return max(1, int(math.Round(float64(n+n*first)/100)))
}

// teamRepositories fills each team's Repositories, the batches at once (the
// client's semaphore bounds queries in flight).
func (c *Client) teamRepositories(ctx context.Context, inst Installation, teams []Team) error {
	batches, firsts := teamBatches(teams)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	for b, batch := range batches {
		g.Go(func() error {
			ids, slugs := make([]string, len(batch)), make([]string, len(batch))
			for i, t := range batch {
				ids[i], slugs[i] = teams[t].NodeID, inst.Account.Login+"/"+teams[t].Slug
			}
			resp, err := TeamRepositories(gctx, c.graphqlClient(inst, permMembers, slugs, false), ids, firsts[b])
			if err != nil {
				return err
			}
			nodes, err := decodeNodes[teamRepositoriesNode]("TeamRepositories", resp.Nodes, slugs, func(n *teamRepositoriesNode) string { return n.Typename }, "Team")
			if err != nil {
				return err
			}
			for i, n := range nodes {
				names, err := c.teamRepositoriesFrom(gctx, inst, n, slugs[i])
				if err != nil {
					return err
				}
				mu.Lock()
				teams[batch[i]].Repositories = names
				mu.Unlock()
			}
			return nil
		})
	}
	return g.Wait()
}

// teamRepositoriesFrom collects a team's repositories from its first page,
// reading on 100 a query while GitHub has more.
func (c *Client) teamRepositoriesFrom(ctx context.Context, inst Installation, n *teamRepositoriesNode, subject string) ([]string, error) {
	var names []string
	pages := c.connectionPages("TeamRepositoriesPage", subject)
	check := func(info pageInfo, keys []string) error { return pages.first("TeamRepositories", info, keys) }
	for {
		keys := make([]string, 0, len(n.Repositories.Nodes))
		for _, r := range n.Repositories.Nodes {
			if r != nil {
				names = append(names, r.NameWithOwner)
				keys = append(keys, r.NameWithOwner)
			}
		}
		page := n.Repositories.PageInfo
		if err := check(page, keys); err != nil {
			return nil, err
		}
		check = pages.next
		if !page.HasNextPage {
			return names, nil
		}
		resp, err := TeamRepositoriesPage(ctx, c.graphqlClient(inst, permMembers, []string{subject}, false), n.ID, page.EndCursor)
		if err != nil {
			return nil, err
		}
		if n, err = decodeNode[teamRepositoriesNode]("TeamRepositoriesPage", resp.Node, subject, func(n *teamRepositoriesNode) string { return n.Typename }, "Team"); err != nil {
			return nil, err
		}
	}
}
