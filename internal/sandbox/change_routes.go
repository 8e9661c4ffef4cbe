package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The routes dxgh_dora_metrics reads: pull requests, their commits, and
// issues (which, as on GitHub, include pull requests).

const (
	pullsDocs       = docsRoot + "/pulls/pulls#list-pull-requests"
	pullCommitsDocs = docsRoot + "/pulls/pulls#list-commits-on-a-pull-request"
	issuesDocs      = docsRoot + "/issues/issues#list-repository-issues"
	// maxPullCommits is how many commits GitHub lists for one pull request.
	maxPullCommits = 250
)

// listPulls: GET /repos/{owner}/{repo}/pulls (needs pull_requests), with
// state (default open), base, head ("owner:branch"), sort (created, the
// default, or updated; popularity and long-running order as created: the
// sandbox has no comments) and direction (desc by default for created, asc
// otherwise, as GitHub documents). Ties go by number in the same direction.
func (s *Server) listPulls(c *call) response {
	repo, errResp := s.repository(c, "pull_requests", pullsDocs)
	if errResp != nil {
		return *errResp
	}
	q := c.r.URL.Query()
	state, bad := queryEnum(q.Get("state"), "open", "open", "closed", "all")
	if bad {
		return validationFailed("PullRequest", "state", q.Get("state"), pullsDocs)
	}
	sortBy, bad := queryEnum(q.Get("sort"), "created", "created", "updated", "popularity", "long-running")
	if bad {
		return validationFailed("PullRequest", "sort", q.Get("sort"), pullsDocs)
	}
	defaultDirection := "asc"
	if sortBy == "created" {
		defaultDirection = "desc"
	}
	direction, bad := queryEnum(q.Get("direction"), defaultDirection, "asc", "desc")
	if bad {
		return validationFailed("PullRequest", "direction", q.Get("direction"), pullsDocs)
	}
	owner, _, _ := strings.Cut(repo.FullName, "/")
	var matched []*PullRequest
	for i := range repo.PullRequests {
		pr := &repo.PullRequests[i]
		if (state != "all" && pr.State != state) || (q.Has("base") && pr.BaseRef != q.Get("base")) ||
			(q.Has("head") && !strings.EqualFold(q.Get("head"), owner+":"+pr.HeadRef)) {
			continue
		}
		matched = append(matched, pr)
	}
	sortChanges(matched, sortBy == "updated", direction == "desc", func(pr *PullRequest) (time.Time, time.Time, int64) {
		return pr.CreatedAt, pr.UpdatedAt, pr.Number
	})
	items, h := page(c, matched)
	body := make([]object, len(items))
	repoJSON := s.lockedRepositoryJSON(c.base, repo)
	for i, pr := range items {
		body[i] = s.pullRequestJSON(c.base, repo, repoJSON, pr)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// listPullCommits: GET /repos/{owner}/{repo}/pulls/{pull_number}/commits
// (needs pull_requests), in the fixture's order (GitHub's: oldest first),
// at most the first 250 as GitHub documents. A number that is an issue's,
// or no one's, is a 404.
func (s *Server) listPullCommits(c *call) response {
	repo, errResp := s.repository(c, "pull_requests", pullCommitsDocs)
	if errResp != nil {
		return *errResp
	}
	n, _ := strconv.ParseInt(c.params[2], 10, 64)
	var pr *PullRequest
	for i := range repo.PullRequests {
		if repo.PullRequests[i].Number == n {
			pr = &repo.PullRequests[i]
		}
	}
	if pr == nil {
		return errorResponse(http.StatusNotFound, "Not Found", pullCommitsDocs)
	}
	commits := make([]int, min(len(pr.Commits), maxPullCommits))
	for i := range commits {
		commits[i] = i
	}
	items, h := page(c, commits)
	body := make([]object, len(items))
	for i, k := range items {
		body[i] = s.commitJSON(c.base, repo, pr, k)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// listIssues: GET /repos/{owner}/{repo}/issues (needs issues): issues and
// pull requests, as GitHub lists both here, with state (default open),
// labels (comma-separated, every one required, matched case-insensitively:
// GitHub's case rule is inferred), since (updated_at at or after it), creator,
// sort (created, the default, or updated; comments orders as created) and
// direction (default desc). Ties go by number in the same direction.
func (s *Server) listIssues(c *call) response {
	repo, errResp := s.repository(c, "issues", issuesDocs)
	if errResp != nil {
		return *errResp
	}
	q := c.r.URL.Query()
	state, bad := queryEnum(q.Get("state"), "open", "open", "closed", "all")
	if bad {
		return validationFailed("Issue", "state", q.Get("state"), issuesDocs)
	}
	sortBy, bad := queryEnum(q.Get("sort"), "created", "created", "updated", "comments")
	if bad {
		return validationFailed("Issue", "sort", q.Get("sort"), issuesDocs)
	}
	direction, bad := queryEnum(q.Get("direction"), "desc", "asc", "desc")
	if bad {
		return validationFailed("Issue", "direction", q.Get("direction"), issuesDocs)
	}
	var since time.Time
	if q.Has("since") {
		var ok bool
		if since, ok = parseSince(q.Get("since")); !ok {
			return validationFailed("Issue", "since", q.Get("since"), issuesDocs)
		}
	}
	var labels []string
	for _, l := range strings.Split(q.Get("labels"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			labels = append(labels, l)
		}
	}
	keep := func(st string, updated time.Time, author string, have []string) bool {
		if (state != "all" && st != state) || updated.Before(since) || (q.Has("creator") && !strings.EqualFold(q.Get("creator"), author)) {
			return false
		}
		for _, l := range labels {
			if !labelled(have, l) {
				return false
			}
		}
		return true
	}
	var matched []issueItem
	for i := range repo.Issues {
		is := &repo.Issues[i]
		if keep(is.State, is.UpdatedAt, is.Author, is.Labels) {
			matched = append(matched, issueItem{issue: is})
		}
	}
	for i := range repo.PullRequests {
		pr := &repo.PullRequests[i]
		if keep(pr.State, pr.UpdatedAt, pr.Author, pr.Labels) {
			matched = append(matched, issueItem{pr: pr})
		}
	}
	sortChanges(matched, sortBy == "updated", direction == "desc", issueItem.times)
	items, h := page(c, matched)
	body := make([]object, len(items))
	for i, it := range items {
		body[i] = s.issueJSON(c.base, repo, it)
	}
	return response{status: http.StatusOK, header: h, body: body}
}

// issueItem is one entry of /issues: an issue or a pull request.
type issueItem struct {
	issue *Issue
	pr    *PullRequest
}

func (it issueItem) times() (created, updated time.Time, number int64) {
	if it.pr != nil {
		return it.pr.CreatedAt, it.pr.UpdatedAt, it.pr.Number
	}
	return it.issue.CreatedAt, it.issue.UpdatedAt, it.issue.Number
}

// sortChanges orders by created_at (or updated_at), then number.
func sortChanges[T any](items []T, byUpdated, descending bool, times func(T) (time.Time, time.Time, int64)) {
	slices.SortStableFunc(items, func(a, b T) int {
		ca, ua, na := times(a)
		cb, ub, nb := times(b)
		ta, tb := ca, cb
		if byUpdated {
			ta, tb = ua, ub
		}
		c := ta.Compare(tb)
		if c == 0 {
			c = cmp.Compare(na, nb)
		}
		if descending {
			return -c
		}
		return c
	})
}

// queryEnum is a query parameter's value, def when absent or empty, and
// whether it is none of the allowed values.
func queryEnum(v, def string, allowed ...string) (string, bool) {
	if v == "" {
		return def, false
	}
	return v, !slices.Contains(allowed, v)
}

// parseSince reads since as GitHub's ISO 8601: a full timestamp, or a date
// (midnight UTC).
func parseSince(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// validationFailed is GitHub's 422 for a parameter value it does not accept
// (the exact wording for these parameters is inferred).
func validationFailed(resource, field, value, docs string) response {
	return response{status: http.StatusUnprocessableEntity, body: object{
		"message": "Validation Failed", "documentation_url": docs,
		"errors": []object{{"resource": resource, "field": field, "code": "invalid", "value": value}},
	}}
}

// labelled reports whether labels has name, case-insensitively.
func labelled(labels []string, name string) bool {
	for _, l := range labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}
