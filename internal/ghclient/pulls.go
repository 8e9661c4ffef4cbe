package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// The REST routes of the DORA reads, as errors and the sandbox name them.
const (
	pullsRoute       = "GET /repos/{owner}/{repo}/pulls"
	pullCommitsRoute = "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits"
	issuesRoute      = "GET /repos/{owner}/{repo}/issues"
)

// PullRequests lists a repository's closed pull requests (merged or not)
// updated at or after since, most recently updated first. GitHub has no
// date filter for pull requests, so they are asked for by updated_at,
// newest first, and paging stops at the first page that reaches one updated
// before since: a pull request merged at or after since was updated then
// too, so none is missed.
func (c *Client) PullRequests(ctx context.Context, repo Repository, since time.Time) ([]PullRequest, error) {
	ctx = c.logContext(ctx)
	key := fmt.Sprintf("pulls:%s:%d", repoKey(repo), since.UnixNano())
	pulls, err := once(ctx, &c.memo, key, func(ctx context.Context) ([]PullRequest, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permPullRequests, pullsRoute, "pulls")
		if err != nil {
			return nil, err
		}
		query := url.Values{"state": {"closed"}, "sort": {"updated"}, "direction": {"desc"}}
		before := func(p PullRequest) bool { return p.UpdatedAt.Before(since) }
		more := func(page []PullRequest) bool { return !slices.ContainsFunc(page, before) }
		pulls, err := getAll[PullRequest](ctx, c, hc, cl, path, query, "", more)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(pulls, before), nil
	})
	return slices.Clone(pulls), err
}

// PullRequestFirstCommit is the first commit GitHub lists for a pull
// request, the oldest (GitHub lists them oldest first): one request for
// one item (per_page=1), however many commits the pull request has; only
// the first 250 are listed at all, and the first is always among them. It
// is nil for a pull request with no commits.
func (c *Client) PullRequestFirstCommit(ctx context.Context, repo Repository, number int64) (*Commit, error) {
	ctx = c.logContext(ctx)
	key := fmt.Sprintf("first-commit:%s:%d", repoKey(repo), number)
	first, err := once(ctx, &c.memo, key, func(ctx context.Context) (*Commit, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permPullRequests, pullCommitsRoute,
			"pulls/"+strconv.FormatInt(number, 10)+"/commits")
		if err != nil {
			return nil, err
		}
		target := path + "?per_page=1"
		resp, data, err := c.get(ctx, hc, cl, target)
		if err != nil {
			return nil, err
		}
		commits, err := decodeList[Commit](data, "")
		if err != nil {
			return nil, &APIError{Method: http.MethodGet, Route: cl.Route, Path: c.pagePath(target, target),
				StatusCode: resp.StatusCode, Repository: cl.Repository, InstallationID: cl.InstallationID,
				Message: "unexpected response body: " + err.Error(), Err: err}
		}
		if len(commits) == 0 {
			return nil, nil
		}
		return &commits[0], nil
	})
	if first == nil {
		return nil, err
	}
	cp := *first
	return &cp, err
}

// Issues lists a repository's issues carrying label that were created at
// or after since, newest first; pull requests, which GitHub's list holds
// too, are left out. One label a call: GitHub requires every label given
// (AND). GitHub is asked for those updated since (a superset: an issue is
// updated when created) ordered by creation, newest first, and paging
// stops at the first page that reaches one created before since.
func (c *Client) Issues(ctx context.Context, repo Repository, label string, since time.Time) ([]Issue, error) {
	ctx = c.logContext(ctx)
	key := fmt.Sprintf("issues:%s:%q:%d", repoKey(repo), label, since.UnixNano())
	issues, err := once(ctx, &c.memo, key, func(ctx context.Context) ([]Issue, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permIssues, issuesRoute, "issues")
		if err != nil {
			return nil, err
		}
		query := url.Values{"labels": {label}, "state": {"all"}, "sort": {"created"}, "direction": {"desc"}}
		if !since.IsZero() {
			query.Set("since", since.UTC().Format(time.RFC3339))
		}
		before := func(i Issue) bool { return i.CreatedAt.Before(since) }
		more := func(page []Issue) bool { return !slices.ContainsFunc(page, before) }
		issues, err := getAll[Issue](ctx, c, hc, cl, path, query, "", more)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(issues, func(i Issue) bool { return before(i) || i.PullRequest != nil }), nil
	})
	return slices.Clone(issues), err
}
