package ghclient

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// GraphQLPullRequests lists the merged pull requests of each repository (by
// full name) updated at or after since, most recently updated first, 100
// repositories a query (queries/pulls.graphql). A repository's later pages
// carry each pull request's first commit, which GraphQLFirstCommits then
// has without asking.
func (c *Client) GraphQLPullRequests(ctx context.Context, repos []Repository, since time.Time) (map[string][]PullRequest, error) {
	ctx = c.logContext(ctx)
	suffix := ":" + strconv.FormatInt(since.UnixNano(), 10)
	got, err := perRepository(ctx, c, repos, func(r Repository) string { return "gql-pulls:" + repoKey(r) + suffix },
		func(ctx context.Context, inst Installation, chunk []Repository) ([][]PullRequest, error) {
			return c.pullRequestsBatch(ctx, inst, chunk, since)
		})
	return cloneAll(got), err
}

func (c *Client) pullRequestsBatch(ctx context.Context, inst Installation, chunk []Repository, since time.Time) ([][]PullRequest, error) {
	const op = "RepositoryPullRequests"
	if err := missingNodeID(op, chunk); err != nil {
		return nil, err
	}
	names := fullNames(chunk)
	resp, err := RepositoryPullRequests(ctx, c.graphqlClient(inst, permPullRequests, names, len(chunk) > 1), nodeIDs(chunk))
	if err != nil {
		return nil, narrow(err, names)
	}
	nodes, err := decodeNodes[repositoryPullRequestsNode](op, resp.Nodes, names, func(n *repositoryPullRequestsNode) string { return n.Typename }, "Repository")
	if err != nil {
		return nil, err
	}
	before := func(p PullRequest) bool { return p.UpdatedAt.Before(since) }
	out := make([][]PullRequest, len(chunk))
	for i, n := range nodes {
		for _, f := range n.PullRequests.Nodes {
			if f != nil {
				out[i] = append(out[i], pullRequestFromGraphQL(f))
			}
		}
		info := n.PullRequests.PageInfo
		guard := c.connectionPages(op+"Page", names[i])
		if err := guard.first(op, info, keysOf(n.PullRequests.Nodes, func(p *PullRequestFields) string { return p.Id })); err != nil {
			return nil, err
		}
		// Most recently updated first: a page reaching before since is the last needed.
		for info.HasNextPage && !slices.ContainsFunc(out[i], before) {
			owner, name := repoOwnerName(chunk[i])
			more, err := RepositoryPullRequestsPage(ctx, c.graphqlClient(inst, permPullRequests, names[i:i+1], false), owner, name, info.EndCursor)
			if err != nil {
				return nil, err
			}
			if more.Repository == nil {
				return nil, &GraphQLError{Operation: op + "Page", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "repository is null"}}}
			}
			page := more.Repository.PullRequests
			info = pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}
			keys := make([]string, 0, len(page.Nodes))
			for _, p := range page.Nodes {
				if p == nil {
					continue
				}
				keys = append(keys, p.Id)
				out[i] = append(out[i], pullRequestFromGraphQL(&p.PullRequestFields))
				c.memo.remember(firstCommitKey(p.Id), firstCommitFromGraphQL(p.Commits.FirstCommit))
			}
			if err := guard.next(info, keys); err != nil {
				return nil, err
			}
		}
		out[i] = slices.DeleteFunc(out[i], before)
	}
	return out, nil
}

// pullRequestFromGraphQL converts into REST's terms: a bot author's login
// gets REST's "[bot]", and its __typename is REST's user type (User, Bot,
// Organization).
func pullRequestFromGraphQL(f *PullRequestFields) PullRequest {
	p := PullRequest{NodeID: f.Id, Number: int64(f.Number), State: "closed", UpdatedAt: f.UpdatedAt,
		MergedAt: f.MergedAt, ClosedAt: f.MergedAt, Base: BranchRef{Ref: f.BaseRefName}}
	if f.DatabaseId != nil {
		p.ID = int64(*f.DatabaseId)
	}
	if f.MergeCommit != nil {
		p.MergeCommitSHA = f.MergeCommit.Oid
	}
	if f.Author != nil && *f.Author != nil {
		a := *f.Author
		u := &User{Login: a.GetLogin()}
		if t := a.GetTypename(); t != nil {
			u.Type = *t
		}
		if u.IsBot() && !strings.HasSuffix(u.Login, "[bot]") {
			u.Login += "[bot]"
		}
		p.User = u
	}
	return p
}

// RepositoryPullRequest is a pull request with its repository.
type RepositoryPullRequest struct {
	Repository Repository
	PullRequest
}

func (p RepositoryPullRequest) subject() string {
	return p.Repository.FullName + " pull request #" + strconv.FormatInt(p.Number, 10)
}

func firstCommitKey(nodeID string) string { return "gql-first-commit:" + nodeID }

// GraphQLFirstCommits is the first commit GitHub lists (the oldest) of each
// pull request, by the pull request's node ID; nil for one without
// commits. 100 pull requests a query (queries/pulls.graphql).
func (c *Client) GraphQLFirstCommits(ctx context.Context, pulls []RepositoryPullRequest) (map[string]*Commit, error) {
	ctx = c.logContext(ctx)
	const op = "PullRequestFirstCommits"
	byKey := map[string]RepositoryPullRequest{}
	keys := make([]string, len(pulls))
	for i, p := range pulls {
		keys[i] = firstCommitKey(p.NodeID)
		byKey[keys[i]] = p
	}
	got, err := onceEach(ctx, &c.memo, keys, func(ctx context.Context, keys []string) (map[string]*Commit, error) {
		todo := make([]RepositoryPullRequest, len(keys))
		for i, k := range keys {
			todo[i] = byKey[k]
		}
		out := map[string]*Commit{}
		var mu sync.Mutex
		err := inBatches(ctx, c, todo, func(p RepositoryPullRequest) int64 { return p.Repository.InstallationID },
			func(ctx context.Context, inst Installation, chunk []RepositoryPullRequest) error {
				names := make([]string, len(chunk))
				ids := make([]string, len(chunk))
				for i, p := range chunk {
					names[i], ids[i] = p.subject(), p.NodeID
					if p.NodeID == "" {
						return &GraphQLError{Operation: op, Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "the pull request has no node ID"}}}
					}
				}
				resp, err := PullRequestFirstCommits(ctx, c.graphqlClient(inst, permPullRequests, names, len(chunk) > 1), ids)
				if err != nil {
					return narrow(err, names)
				}
				nodes, err := decodeNodes[pullRequestFirstCommitNode](op, resp.Nodes, names, func(n *pullRequestFirstCommitNode) string { return n.Typename }, "PullRequest")
				if err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				for i, n := range nodes {
					out[firstCommitKey(chunk[i].NodeID)] = firstCommitFromGraphQL(n.Commits)
				}
				return nil
			})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string]*Commit, len(pulls))
	for i, p := range pulls {
		if cm := got[keys[i]]; cm != nil {
			cp := *cm
			res[p.NodeID] = &cp
		} else {
			res[p.NodeID] = nil
		}
	}
	return res, nil
}

func firstCommitFromGraphQL(fc FirstCommit) *Commit {
	for _, n := range fc.Nodes {
		if n != nil {
			return &Commit{SHA: n.Commit.Oid, Commit: GitCommit{Committer: &GitActor{Date: n.Commit.CommittedDate}}}
		}
	}
	return nil
}

// GraphQLLabels lists the label names of each repository (by full name),
// 100 repositories a query (queries/issues.graphql).
func (c *Client) GraphQLLabels(ctx context.Context, repos []Repository) (map[string][]string, error) {
	ctx = c.logContext(ctx)
	got, err := perRepository(ctx, c, repos, func(r Repository) string { return "gql-labels:" + repoKey(r) }, c.labelsBatch)
	return cloneAll(got), err
}

func (c *Client) labelsBatch(ctx context.Context, inst Installation, chunk []Repository) ([][]string, error) {
	const op = "RepositoryLabels"
	if err := missingNodeID(op, chunk); err != nil {
		return nil, err
	}
	names := fullNames(chunk)
	resp, err := RepositoryLabels(ctx, c.graphqlClient(inst, permIssues, names, len(chunk) > 1), nodeIDs(chunk))
	if err != nil {
		return nil, narrow(err, names)
	}
	nodes, err := decodeNodes[repositoryLabelsNode](op, resp.Nodes, names, func(n *repositoryLabelsNode) string { return n.Typename }, "Repository")
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(chunk))
	for i, n := range nodes {
		if n.Labels == nil {
			continue
		}
		page := *n.Labels
		out[i] = appendLabels(nil, page)
		// A label's name is unique in its repository.
		guard := c.connectionPages(op+"Page", names[i])
		if err := guard.first(op, labelInfo(page), out[i]); err != nil {
			return nil, err
		}
		for page.PageInfo.HasNextPage {
			owner, name := repoOwnerName(chunk[i])
			more, err := RepositoryLabelsPage(ctx, c.graphqlClient(inst, permIssues, names[i:i+1], false), owner, name, page.PageInfo.EndCursor)
			if err != nil {
				return nil, err
			}
			if more.Repository == nil || more.Repository.Labels == nil {
				return nil, &GraphQLError{Operation: op + "Page", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "repository or its labels is null"}}}
			}
			page = more.Repository.Labels.LabelPage
			if err := guard.next(labelInfo(page), appendLabels(nil, page)); err != nil {
				return nil, err
			}
			out[i] = appendLabels(out[i], page)
		}
	}
	return out, nil
}

func labelInfo(page LabelPage) pageInfo {
	return pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}
}

func appendLabels(names []string, page LabelPage) []string {
	for _, l := range page.Nodes {
		if l != nil {
			names = append(names, l.Name)
		}
	}
	return names
}

// GraphQLLabelledIssues lists the issues of each repository (by full name)
// that carry any of labels, matched case-insensitively, created at or after
// since, newest first (queries/issues.graphql). GraphQL's label filter
// matches names exactly (cli/cli#1819), so each repository's labels are
// read first (GraphQLLabels) and the spellings it has are asked for; a
// repository with none is not asked at all.
//
// One query asks for up to 100 repositories with the union of their
// spellings, which returns exactly each one's issues: a spelling one
// repository has matches a configured label, so another repository that has
// the same spelling has it among its own.
func (c *Client) GraphQLLabelledIssues(ctx context.Context, repos []Repository, labels []string, since time.Time) (map[string][]Issue, error) {
	ctx = c.logContext(ctx)
	res := make(map[string][]Issue, len(repos))
	if len(labels) == 0 || len(repos) == 0 {
		return res, nil
	}
	have, err := c.GraphQLLabels(ctx, repos)
	if err != nil {
		return nil, err
	}
	spellings := map[string][]string{}
	var asked []Repository
	for _, r := range repos {
		var sp []string
		for _, name := range have[r.FullName] {
			if slices.ContainsFunc(labels, func(l string) bool { return strings.EqualFold(l, name) }) && !slices.Contains(sp, name) {
				sp = append(sp, name)
			}
		}
		if len(sp) == 0 {
			res[r.FullName] = nil
			continue
		}
		slices.Sort(sp)
		spellings[repoKey(r)] = sp
		asked = append(asked, r)
	}
	suffix := ":" + strconv.FormatInt(since.UnixNano(), 10)
	got, err := perRepository(ctx, c, asked,
		func(r Repository) string {
			return fmt.Sprintf("gql-issues:%s:%q%s", repoKey(r), spellings[repoKey(r)], suffix)
		},
		func(ctx context.Context, inst Installation, chunk []Repository) ([][]Issue, error) {
			var union []string
			for _, r := range chunk {
				union = append(union, spellings[repoKey(r)]...)
			}
			slices.Sort(union)
			return c.issuesBatch(ctx, inst, chunk, slices.Compact(union), since)
		})
	if err != nil {
		return nil, err
	}
	for name, issues := range got {
		res[name] = slices.Clone(issues)
	}
	return res, nil
}

func (c *Client) issuesBatch(ctx context.Context, inst Installation, chunk []Repository, labels []string, since time.Time) ([][]Issue, error) {
	const op = "RepositoryIssues"
	if err := missingNodeID(op, chunk); err != nil {
		return nil, err
	}
	names := fullNames(chunk)
	resp, err := RepositoryIssues(ctx, c.graphqlClient(inst, permIssues, names, len(chunk) > 1), nodeIDs(chunk), labels, since)
	if err != nil {
		return nil, narrow(err, names)
	}
	nodes, err := decodeNodes[repositoryIssuesNode](op, resp.Nodes, names, func(n *repositoryIssuesNode) string { return n.Typename }, "Repository")
	if err != nil {
		return nil, err
	}
	before := func(i Issue) bool { return i.CreatedAt.Before(since) }
	out := make([][]Issue, len(chunk))
	for i, n := range nodes {
		page := n.Issues
		out[i] = appendIssues(nil, page)
		guard := c.connectionPages(op+"Page", names[i])
		if err := guard.first(op, issueInfo(page), keysOf(page.Nodes, func(n *IssuePageNodesIssue) string { return n.Id })); err != nil {
			return nil, err
		}
		// Newest created first: a page reaching before since is the last needed.
		for page.PageInfo.HasNextPage && !slices.ContainsFunc(out[i], before) {
			owner, name := repoOwnerName(chunk[i])
			more, err := RepositoryIssuesPage(ctx, c.graphqlClient(inst, permIssues, names[i:i+1], false), owner, name, labels, since, page.PageInfo.EndCursor)
			if err != nil {
				return nil, err
			}
			if more.Repository == nil {
				return nil, &GraphQLError{Operation: op + "Page", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "repository is null"}}}
			}
			page = more.Repository.Issues.IssuePage
			out[i] = appendIssues(out[i], page)
			if err := guard.next(issueInfo(page), keysOf(page.Nodes, func(n *IssuePageNodesIssue) string { return n.Id })); err != nil {
				return nil, err
			}
		}
		out[i] = slices.DeleteFunc(out[i], before)
	}
	return out, nil
}

func issueInfo(page IssuePage) pageInfo {
	return pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}
}

// appendIssues converts into REST's terms: the state lower-cased.
func appendIssues(issues []Issue, page IssuePage) []Issue {
	for _, n := range page.Nodes {
		if n == nil {
			continue
		}
		is := Issue{NodeID: n.Id, Number: int64(n.Number), State: strings.ToLower(string(n.State)),
			CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt, ClosedAt: n.ClosedAt}
		if n.DatabaseId != nil {
			is.ID = int64(*n.DatabaseId)
		}
		issues = append(issues, is)
	}
	return issues
}

// perRepository reads one value per repository (by full name) through the
// memo, key naming each repository's look-up: what is remembered or in
// flight is shared, and the rest is read in queries of up to 100
// repositories of one installation (inBatches), read returning a value for
// each repository of its chunk, in order.
func perRepository[V any](ctx context.Context, c *Client, repos []Repository, key func(Repository) string,
	read func(context.Context, Installation, []Repository) ([]V, error)) (map[string]V, error) {
	byKey := map[string]Repository{}
	keys := make([]string, len(repos))
	for i, r := range repos {
		keys[i] = key(r)
		byKey[keys[i]] = r
	}
	got, err := onceEach(ctx, &c.memo, keys, func(ctx context.Context, keys []string) (map[string]V, error) {
		todo := make([]Repository, len(keys))
		for i, k := range keys {
			todo[i] = byKey[k]
		}
		out := map[string]V{}
		var mu sync.Mutex
		err := inBatches(ctx, c, todo, func(r Repository) int64 { return r.InstallationID },
			func(ctx context.Context, inst Installation, chunk []Repository) error {
				vals, err := read(ctx, inst, chunk)
				if err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				for i, r := range chunk {
					out[key(r)] = vals[i]
				}
				return nil
			})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string]V, len(repos))
	for i, r := range repos {
		res[r.FullName] = got[keys[i]]
	}
	return res, nil
}

func cloneAll[V any](m map[string][]V) map[string][]V {
	if m == nil {
		return nil
	}
	out := make(map[string][]V, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
