package ghclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"golang.org/x/sync/errgroup"
)

// Team is an organisation team (GET /orgs/{org}/teams; GraphQL
// Organization.teams), as the provider reads it.
type Team struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"` // the GraphQL ID
	Slug        string  `json:"slug"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Privacy     string  `json:"privacy"` // "closed" or "secret", REST's words in both API modes
	Parent      *struct {
		Slug string `json:"slug"`
	} `json:"parent"`
	// MembersCount is the team's members, child teams' members included
	// (GET /orgs/{org}/teams/{team_slug}'s members_count; GraphQL
	// members.totalCount). REST's team list does not carry it: TeamsREST
	// fills it only when asked to.
	MembersCount int `json:"members_count"`
	// RepositoryCount is GraphQL's repositories.totalCount, which sizes the
	// pages the repositories are read in; REST mode leaves it 0.
	RepositoryCount int `json:"-"`
	// Repositories are the full names of the repositories GitHub lists for
	// the team: its own grants and, where GitHub includes them, those
	// inherited from its parent teams. Filled by TeamRepositories or the
	// GraphQL read.
	Repositories []string `json:"-"`
}

func (t Team) listID() int64 { return t.ID }

// ParentSlug is the parent team's slug, "" for a top-level team.
func (t Team) ParentSlug() string {
	if t.Parent == nil {
		return ""
	}
	return t.Parent.Slug
}

// Teams lists the teams of the organisation an installation is on
// (GET /orgs/{org}/teams), with a token asking for members (and metadata)
// only. withMembers also reads each team (GET /orgs/{org}/teams/{team_slug})
// for its members_count.
func (c *Client) Teams(ctx context.Context, inst Installation, withMembers bool) ([]Team, error) {
	ctx = c.logContext(ctx)
	c.remember(inst)
	org := inst.Account.Login
	teams, err := once(ctx, &c.memo, "teams:"+strconv.FormatInt(inst.ID, 10), func(ctx context.Context) ([]Team, error) {
		cl := call{Route: "GET /orgs/{org}/teams", InstallationID: inst.ID}
		return getAll[Team](ctx, c, c.installationClient(inst, permMembers), cl, "orgs/"+url.PathEscape(org)+"/teams", nil, "", nil)
	})
	if err != nil || !withMembers {
		return slices.Clone(teams), err
	}
	out := slices.Clone(teams)
	// The client's semaphore bounds the requests in flight.
	g, gctx := errgroup.WithContext(ctx)
	for i := range out {
		g.Go(func() error {
			n, err := c.teamMembersCount(gctx, inst, out[i].Slug)
			out[i].MembersCount = n
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Client) teamMembersCount(ctx context.Context, inst Installation, slug string) (int, error) {
	org := inst.Account.Login
	return once(ctx, &c.memo, fmt.Sprintf("team:%d:%s", inst.ID, slug), func(ctx context.Context) (int, error) {
		cl := call{Route: "GET /orgs/{org}/teams/{team_slug}", InstallationID: inst.ID}
		path := "orgs/" + url.PathEscape(org) + "/teams/" + url.PathEscape(slug)
		_, data, err := c.get(ctx, c.installationClient(inst, permMembers), cl, path)
		if err != nil {
			return 0, err
		}
		var full struct {
			MembersCount *int `json:"members_count"`
		}
		if err := json.Unmarshal(data, &full); err != nil || full.MembersCount == nil {
			msg := "unexpected response body: no members_count"
			if err != nil {
				msg = "unexpected response body: " + err.Error()
			}
			return 0, &APIError{Method: "GET", Route: cl.Route, Path: "/" + path, StatusCode: 200, InstallationID: inst.ID, Message: msg, Err: err}
		}
		return *full.MembersCount, nil
	})
}

// TeamRepositories lists the full names of the repositories GitHub lists
// for a team (GET /orgs/{org}/teams/{team_slug}/repos).
func (c *Client) TeamRepositories(ctx context.Context, inst Installation, slug string) ([]string, error) {
	ctx = c.logContext(ctx)
	org := inst.Account.Login
	names, err := once(ctx, &c.memo, fmt.Sprintf("team-repos:%d:%s", inst.ID, slug), func(ctx context.Context) ([]string, error) {
		cl := call{Route: "GET /orgs/{org}/teams/{team_slug}/repos", InstallationID: inst.ID}
		path := "orgs/" + url.PathEscape(org) + "/teams/" + url.PathEscape(slug) + "/repos"
		repos, err := getAll[Repository](ctx, c, c.installationClient(inst, permMembers), cl, path, nil, "", nil)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(repos))
		for i, r := range repos {
			names[i] = r.FullName
		}
		return names, nil
	})
	return slices.Clone(names), err
}
