package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// GraphQL's pull requests, their commits, and issues: the same fixture
// objects as REST's /pulls, /pulls/{n}/commits and /issues.

type (
	pullRequestRef struct {
		repo *Repository
		pr   *PullRequest
	}
	issueRef struct {
		repo  *Repository
		issue *Issue
	}
	// commitRef is a commit as GraphQL's Commit: a pull request's, or the
	// merge commit, which the fixture knows by SHA only and GitHub creates
	// at the merge (so both its dates are merged_at).
	commitRef struct {
		sha                 string
		authored, committed time.Time
	}
	labelRef struct {
		repo *Repository
		name string
	}
)

func registerChanges(r *gql.Registry[*gqlCall]) {
	r.Field("Repository", "pullRequests", (*gqlCall).pullRequests,
		"first", "after", "last", "before", "states", "orderBy", "baseRefName", "headRefName", "labels")
	r.Field("Repository", "issues", (*gqlCall).issues,
		"first", "after", "last", "before", "states", "orderBy", "labels", "filterBy")
	r.Connection("PullRequestConnection", "PullRequestEdge")
	r.Connection("IssueConnection", "IssueEdge")
	r.Connection("PullRequestCommitConnection", "PullRequestCommitEdge")
	r.Connection("LabelConnection", "LabelEdge")
	r.Field("Repository", "labels", func(gc *gqlCall, parent any, f *field) (any, error) {
		x := parent.(*Repository)
		var names []string
		seen := map[string]bool{}
		add := func(ls []string) {
			for _, l := range ls {
				if !seen[strings.ToLower(l)] {
					seen[strings.ToLower(l)] = true
					names = append(names, l)
				}
			}
		}
		for _, p := range x.PullRequests {
			add(p.Labels)
		}
		for _, is := range x.Issues {
			add(is.Labels)
		}
		return gc.labelConnection(f, x, names)
	}, "first", "after", "last", "before", "orderBy", "query")

	pr := func(get func(pullRequestRef) any) resolver { return value(get) }
	r.Field("PullRequest", "id", pr(func(x pullRequestRef) any { return nodeID("PR", x.pr.ID) }))
	r.Field("PullRequest", "databaseId", pr(func(x pullRequestRef) any { return x.pr.ID }))
	r.Field("PullRequest", "number", pr(func(x pullRequestRef) any { return x.pr.Number }))
	r.Field("PullRequest", "title", pr(func(x pullRequestRef) any { return x.pr.Title }))
	r.Field("PullRequest", "state", pr(func(x pullRequestRef) any { return pullRequestState(x.pr) }))
	r.Field("PullRequest", "merged", pr(func(x pullRequestRef) any { return x.pr.MergedAt != nil }))
	r.Field("PullRequest", "createdAt", pr(func(x pullRequestRef) any { return x.pr.CreatedAt }))
	r.Field("PullRequest", "updatedAt", pr(func(x pullRequestRef) any { return x.pr.UpdatedAt }))
	r.Field("PullRequest", "closedAt", pr(func(x pullRequestRef) any { return timeOrNull(x.pr.ClosedAt) }))
	r.Field("PullRequest", "mergedAt", pr(func(x pullRequestRef) any { return timeOrNull(x.pr.MergedAt) }))
	r.Field("PullRequest", "baseRefName", pr(func(x pullRequestRef) any { return x.pr.BaseRef }))
	r.Field("PullRequest", "headRefName", pr(func(x pullRequestRef) any { return x.pr.HeadRef }))
	r.Field("PullRequest", "author", pr(func(x pullRequestRef) any { return actorObject(x.pr.Author) }))
	r.Field("PullRequest", "repository", pr(func(x pullRequestRef) any { return gql.Object{Type: "Repository", Value: x.repo} }))
	// GraphQL's mergeCommit is the merge's: null unless merged, where REST
	// keeps a test merge's SHA for open and closed pull requests too.
	r.Field("PullRequest", "mergeCommit", pr(func(x pullRequestRef) any {
		if x.pr.MergedAt == nil || x.pr.MergeCommitSHA == "" {
			return nil
		}
		return gql.Object{Type: "Commit", Value: commitRef{x.pr.MergeCommitSHA, *x.pr.MergedAt, *x.pr.MergedAt}}
	}))
	r.Field("PullRequest", "commits", func(gc *gqlCall, parent any, f *field) (any, error) {
		x := parent.(pullRequestRef)
		items := make([]any, len(x.pr.Commits))
		keys := make([]string, len(x.pr.Commits))
		for i, c := range x.pr.Commits {
			items[i] = gql.Object{Type: "PullRequestCommit", Value: commitRef{c.SHA, c.AuthoredAt, c.CommittedAt}}
			keys[i] = c.SHA
		}
		return gc.connection("PullRequestCommitConnection", f, items, keys)
	}, "first", "after", "last", "before")
	r.Field("PullRequest", "labels", func(gc *gqlCall, parent any, f *field) (any, error) {
		x := parent.(pullRequestRef)
		return gc.labelConnection(f, x.repo, x.pr.Labels)
	}, "first", "after", "last", "before", "orderBy")

	r.Field("PullRequestCommit", "commit", value(func(c commitRef) any { return gql.Object{Type: "Commit", Value: c} }))
	r.Field("Commit", "oid", value(func(c commitRef) any { return c.sha }))
	r.Field("Commit", "id", value(func(c commitRef) any { return "C_" + c.sha[:min(len(c.sha), 20)] }))
	r.Field("Commit", "committedDate", value(func(c commitRef) any { return c.committed }))
	r.Field("Commit", "authoredDate", value(func(c commitRef) any { return c.authored }))

	is := func(get func(issueRef) any) resolver { return value(get) }
	r.Field("Issue", "id", is(func(x issueRef) any { return nodeID("I", x.issue.ID) }))
	r.Field("Issue", "databaseId", is(func(x issueRef) any { return x.issue.ID }))
	r.Field("Issue", "number", is(func(x issueRef) any { return x.issue.Number }))
	r.Field("Issue", "title", is(func(x issueRef) any { return x.issue.Title }))
	r.Field("Issue", "state", is(func(x issueRef) any { return strings.ToUpper(x.issue.State) }))
	r.Field("Issue", "createdAt", is(func(x issueRef) any { return x.issue.CreatedAt }))
	r.Field("Issue", "updatedAt", is(func(x issueRef) any { return x.issue.UpdatedAt }))
	r.Field("Issue", "closedAt", is(func(x issueRef) any { return timeOrNull(x.issue.ClosedAt) }))
	r.Field("Issue", "author", is(func(x issueRef) any { return actorObject(x.issue.Author) }))
	r.Field("Issue", "repository", is(func(x issueRef) any { return gql.Object{Type: "Repository", Value: x.repo} }))
	r.Field("Issue", "labels", func(gc *gqlCall, parent any, f *field) (any, error) {
		x := parent.(issueRef)
		return gc.labelConnection(f, x.repo, x.issue.Labels)
	}, "first", "after", "last", "before", "orderBy")

	r.Field("Label", "name", value(func(l labelRef) any { return l.name }))
	r.Field("Label", "id", value(func(l labelRef) any { return nodeID("LA", loginID(l.repo.FullName+"\x00"+l.name)) }))
}

// pullRequestState: GraphQL tells merged from closed, REST does not.
func pullRequestState(pr *PullRequest) string {
	switch {
	case pr.MergedAt != nil:
		return "MERGED"
	case pr.State == "closed":
		return "CLOSED"
	}
	return "OPEN"
}

func timeOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// labelConnection lists labels as the fixture does (the order they were
// added: the schema's default orderBy, CREATED_AT ASC).
func (gc *gqlCall) labelConnection(f *field, repo *Repository, names []string) (any, error) {
	items := make([]any, len(names))
	keys := make([]string, len(names))
	for i, n := range names {
		items[i] = gql.Object{Type: "Label", Value: labelRef{repo, n}}
		keys[i] = n
	}
	return gc.connection("LabelConnection", f, items, keys)
}

// changeOrder reads an IssueOrder: by created_at (the default, ascending:
// inferred, GitHub does not document the order without orderBy) or
// updated_at (COMMENTS orders as CREATED_AT: the sandbox has no comments).
func changeOrder(f *field) (byUpdated, descending bool) {
	if order, ok := f.Args["orderBy"].(map[string]any); ok {
		return order["field"] == "UPDATED_AT", order["direction"] == "DESC"
	}
	return false, false
}

// anyLabel reports whether have carries any of want, case-insensitively
// (GraphQL's labels: match any, where REST's labels= requires all; the case
// rule is inferred). An absent filter matches everything.
func anyLabel(have []string, want []any, given bool) bool {
	if !given {
		return true
	}
	for _, w := range want {
		if s, _ := w.(string); slices.Contains(have, s) {
			return true
		}
	}
	return false
}

func stringSet(v any) (map[string]bool, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	set := map[string]bool{}
	for _, x := range list {
		s, _ := x.(string)
		set[s] = true
	}
	return set, true
}

// pullRequests: Repository.pullRequests (needs pull_requests, as REST).
// states OPEN, CLOSED (unmerged) and MERGED; baseRefName and headRefName
// exact; labels any; ties by number in the order's direction, cursors by
// database id.
func (gc *gqlCall) pullRequests(parent any, f *field) (any, error) {
	if !gc.s.permitted(gc.c, "pull_requests") {
		return nil, gql.Forbidden()
	}
	repo := parent.(*Repository)
	states, byState := stringSet(f.Args["states"])
	labels, byLabel := f.Args["labels"].([]any)
	base, byBase := f.Args["baseRefName"].(string)
	head, byHead := f.Args["headRefName"].(string)
	var matched []*PullRequest
	for i := range repo.PullRequests {
		pr := &repo.PullRequests[i]
		if (byState && !states[pullRequestState(pr)]) || (byBase && pr.BaseRef != base) || (byHead && pr.HeadRef != head) ||
			!anyLabel(pr.Labels, labels, byLabel) {
			continue
		}
		matched = append(matched, pr)
	}
	byUpdated, descending := changeOrder(f)
	sortChanges(matched, byUpdated, descending, func(pr *PullRequest) (time.Time, time.Time, int64) {
		return pr.CreatedAt, pr.UpdatedAt, pr.Number
	})
	items := make([]any, len(matched))
	keys := make([]string, len(matched))
	for i, pr := range matched {
		items[i] = gql.Object{Type: "PullRequest", Value: pullRequestRef{repo, pr}}
		keys[i] = databaseKey(pr.ID)
	}
	return gc.connection("PullRequestConnection", f, items, keys)
}

// issues: Repository.issues (needs issues, as REST's /issues), issues
// only, never pull requests. labels and filterBy.labels match any (both
// must hold when both are given); states and filterBy.states alike;
// filterBy.since keeps those updated at or after it, as REST's since=;
// filterBy.createdBy names the author's login. Other filterBy fields are
// refused as unserved (assignees, milestones and mentions are not in the
// fixture).
func (gc *gqlCall) issues(parent any, f *field) (any, error) {
	if !gc.s.permitted(gc.c, "issues") {
		return nil, gql.Forbidden()
	}
	repo := parent.(*Repository)
	filter, _ := f.Args["filterBy"].(map[string]any)
	for k, v := range filter {
		if v != nil && !slices.Contains([]string{"since", "labels", "states", "createdBy"}, k) {
			return nil, gql.Unsupported("IssueFilters", k, "")
		}
	}
	states, byState := stringSet(f.Args["states"])
	filterStates, byFilterState := stringSet(filter["states"])
	labels, byLabel := f.Args["labels"].([]any)
	filterLabels, byFilterLabel := filter["labels"].([]any)
	var since time.Time
	if s, ok := filter["since"].(string); ok {
		var err error
		if since, err = time.Parse(time.RFC3339, s); err != nil {
			return nil, &gql.Error{Message: "filterBy.since: " + err.Error()}
		}
	}
	creator, byCreator := filter["createdBy"].(string)
	var matched []*Issue
	for i := range repo.Issues {
		is := &repo.Issues[i]
		state := strings.ToUpper(is.State)
		if (byState && !states[state]) || (byFilterState && !filterStates[state]) || is.UpdatedAt.Before(since) ||
			!anyLabel(is.Labels, labels, byLabel) || !anyLabel(is.Labels, filterLabels, byFilterLabel) ||
			(byCreator && !strings.EqualFold(creator, strings.TrimSuffix(is.Author, "[bot]"))) {
			continue
		}
		matched = append(matched, is)
	}
	byUpdated, descending := changeOrder(f)
	sortChanges(matched, byUpdated, descending, func(is *Issue) (time.Time, time.Time, int64) {
		return is.CreatedAt, is.UpdatedAt, is.Number
	})
	items := make([]any, len(matched))
	keys := make([]string, len(matched))
	for i, is := range matched {
		items[i] = gql.Object{Type: "Issue", Value: issueRef{repo, is}}
		keys[i] = databaseKey(is.ID)
	}
	return gc.connection("IssueConnection", f, items, keys)
}
