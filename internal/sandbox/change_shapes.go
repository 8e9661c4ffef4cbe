package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The JSON shapes of pull requests (schema pull-request-simple), their
// commits (commit) and issues (issue), held to GitHub's description by the
// conformance check. What the fixture does not say (bodies, comments,
// assignees, milestones) is empty, as on a quiet repository.

// lockedRepositoryJSON is repositoryJSON for a handler that does not hold
// s.mu (repositoryJSON reads the installations).
func (s *Server) lockedRepositoryJSON(base string, r *Repository) object {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repositoryJSON(base, r)
}

func (s *Server) loginJSON(base, login string) object {
	return s.user(base, login, loginID(login), userType(login))
}

// authorAssociation: the fixture's people are the organisation's members;
// a bot has no association (inferred: GitHub's rule for apps is not
// documented).
func authorAssociation(login string) string {
	if userType(login) == "Bot" {
		return "NONE"
	}
	return "MEMBER"
}

// defaultLabels are the labels GitHub creates in every repository.
var defaultLabels = map[string]bool{
	"bug": true, "documentation": true, "duplicate": true, "enhancement": true, "good first issue": true,
	"help wanted": true, "invalid": true, "question": true, "wontfix": true,
}

func labelsJSON(base string, r *Repository, names []string) []object {
	out := make([]object, len(names))
	for i, name := range names {
		id := loginID(r.FullName + "\x00" + name)
		color := "ededed"
		if strings.Contains(strings.ToLower(name), "incident") || strings.HasPrefix(strings.ToLower(name), "sev") {
			color = "d73a4a"
		}
		out[i] = object{
			"id": id, "node_id": nodeID("LA", id), "url": base + "repos/" + r.FullName + "/labels/" + url.PathEscape(name),
			"name": name, "description": "", "color": color, "default": defaultLabels[name],
		}
	}
	return out
}

// fakeSHA is a stable 40-hex SHA for a commit the fixture does not name (a
// branch's tip, a tree).
func fakeSHA(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:20])
}

// headSHA is the pull request's last commit.
func headSHA(r *Repository, pr *PullRequest) string {
	if len(pr.Commits) == 0 {
		return fakeSHA(r.FullName, pr.HeadRef)
	}
	return pr.Commits[len(pr.Commits)-1].SHA
}

func (s *Server) pullRequestJSON(base string, r *Repository, repoJSON object, pr *PullRequest) object {
	owner, _, _ := strings.Cut(r.FullName, "/")
	repoURL := base + "repos/" + r.FullName
	u := fmt.Sprintf("%s/pulls/%d", repoURL, pr.Number)
	html := fmt.Sprintf("https://github.com/%s/pull/%d", r.FullName, pr.Number)
	issueURL := fmt.Sprintf("%s/issues/%d", repoURL, pr.Number)
	head := headSHA(r, pr)
	ownerUser := s.loginJSON(base, owner)
	ownerUser["type"] = repoJSON["owner"].(object)["type"]
	branch := func(ref, sha string) object {
		return object{"label": owner + ":" + ref, "ref": ref, "sha": sha, "repo": repoJSON, "user": ownerUser}
	}
	links := object{}
	for k, href := range map[string]string{
		"self": u, "html": html, "issue": issueURL, "comments": issueURL + "/comments",
		"review_comments": u + "/comments", "review_comment": repoURL + "/pulls/comments{/number}",
		"commits": u + "/commits", "statuses": repoURL + "/statuses/" + head,
	} {
		links[k] = object{"href": href}
	}
	return object{
		"url": u, "id": pr.ID, "node_id": nodeID("PR", pr.ID), "html_url": html,
		"diff_url": html + ".diff", "patch_url": html + ".patch", "issue_url": issueURL,
		"commits_url": u + "/commits", "review_comments_url": u + "/comments",
		"review_comment_url": repoURL + "/pulls/comments{/number}", "comments_url": issueURL + "/comments",
		"statuses_url": repoURL + "/statuses/" + head,
		"number":       pr.Number, "state": pr.State, "locked": false, "title": pr.Title,
		"user": s.loginJSON(base, pr.Author), "body": nil, "labels": labelsJSON(base, r, pr.Labels),
		"milestone": nil, "active_lock_reason": nil,
		"created_at": stamp(pr.CreatedAt), "updated_at": stamp(pr.UpdatedAt),
		"closed_at": stampOrNull(pr.ClosedAt), "merged_at": stampOrNull(pr.MergedAt),
		"merge_commit_sha": stringOrNull(pr.MergeCommitSHA),
		"assignee":         nil, "assignees": []object{}, "requested_reviewers": []object{}, "requested_teams": []object{},
		"head":   branch(pr.HeadRef, head),
		"base":   branch(pr.BaseRef, fakeSHA(r.FullName, pr.BaseRef, fmt.Sprint(pr.Number))),
		"_links": links, "author_association": authorAssociation(pr.Author), "auto_merge": nil, "draft": false,
	}
}

// commitJSON is the k-th commit of a pull request. Its parent is the
// commit before it, or for the first the base branch's tip.
func (s *Server) commitJSON(base string, r *Repository, pr *PullRequest, k int) object {
	c := pr.Commits[k]
	repoURL := base + "repos/" + r.FullName
	commitURL := func(sha string) string { return repoURL + "/commits/" + sha }
	htmlURL := func(sha string) string { return "https://github.com/" + r.FullName + "/commit/" + sha }
	parent := fakeSHA(r.FullName, pr.BaseRef, fmt.Sprint(pr.Number))
	if k > 0 {
		parent = pr.Commits[k-1].SHA
	}
	person := func(date string) object {
		login := strings.TrimSuffix(pr.Author, "[bot]")
		return object{"name": login, "email": login + "@users.noreply.github.com", "date": date}
	}
	tree := fakeSHA(r.FullName, "tree", c.SHA)
	return object{
		"url": commitURL(c.SHA), "sha": c.SHA, "node_id": "C_" + c.SHA[:min(len(c.SHA), 20)],
		"html_url": htmlURL(c.SHA), "comments_url": commitURL(c.SHA) + "/comments",
		"commit": object{
			"url": repoURL + "/git/commits/" + c.SHA, "author": person(stamp(c.AuthoredAt)), "committer": person(stamp(c.CommittedAt)),
			"message": fmt.Sprintf("%s (%d/%d)", pr.Title, k+1, len(pr.Commits)), "comment_count": 0,
			"tree":         object{"sha": tree, "url": repoURL + "/git/trees/" + tree},
			"verification": object{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil, "verified_at": nil},
		},
		"author": s.loginJSON(base, pr.Author), "committer": s.loginJSON(base, pr.Author),
		"parents": []object{{"sha": parent, "url": commitURL(parent), "html_url": htmlURL(parent)}},
	}
}

// issueJSON is an issue, or a pull request as /issues lists it, with a
// pull_request key. Such a pull request keeps its own id and node_id here
// (GitHub gives its issue side an id of its own; the sandbox does not
// model that, and a client must not rely on either).
func (s *Server) issueJSON(base string, r *Repository, it issueItem) object {
	var (
		number, id      int64
		nodeIDValue     string
		title, author   string
		state           string
		labels          []string
		created, update string
		closed          any
	)
	if pr := it.pr; pr != nil {
		number, id, nodeIDValue, title, author, state, labels = pr.Number, pr.ID, nodeID("PR", pr.ID), pr.Title, pr.Author, pr.State, pr.Labels
		created, update, closed = stamp(pr.CreatedAt), stamp(pr.UpdatedAt), stampOrNull(pr.ClosedAt)
	} else {
		is := it.issue
		number, id, nodeIDValue, title, author, state, labels = is.Number, is.ID, nodeID("I", is.ID), is.Title, is.Author, is.State, is.Labels
		created, update, closed = stamp(is.CreatedAt), stamp(is.UpdatedAt), stampOrNull(is.ClosedAt)
	}
	repoURL := base + "repos/" + r.FullName
	u := fmt.Sprintf("%s/issues/%d", repoURL, number)
	html := fmt.Sprintf("https://github.com/%s/issues/%d", r.FullName, number)
	var stateReason any
	if state == "closed" {
		stateReason = "completed"
	}
	o := object{
		"id": id, "node_id": nodeIDValue, "url": u, "repository_url": repoURL,
		"labels_url": u + "/labels{/name}", "comments_url": u + "/comments", "events_url": u + "/events",
		"html_url": html, "number": number, "state": state, "state_reason": stateReason, "title": title,
		"body": nil, "user": s.loginJSON(base, author), "labels": labelsJSON(base, r, labels),
		"assignee": nil, "assignees": []object{}, "milestone": nil, "locked": false, "active_lock_reason": nil,
		"comments": 0, "closed_at": closed, "created_at": created, "updated_at": update,
		"author_association": authorAssociation(author), "timeline_url": u + "/timeline",
	}
	if pr := it.pr; pr != nil {
		prHTML := fmt.Sprintf("https://github.com/%s/pull/%d", r.FullName, number)
		o["html_url"] = prHTML
		o["draft"] = false
		o["state_reason"] = nil // an issue's reason; for pull requests inferred to be none
		o["pull_request"] = object{
			"url": fmt.Sprintf("%s/pulls/%d", repoURL, number), "html_url": prHTML,
			"diff_url": prHTML + ".diff", "patch_url": prHTML + ".patch", "merged_at": stampOrNull(pr.MergedAt),
		}
	}
	return o
}

func stampOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return stamp(*t)
}

func stringOrNull(v string) any {
	if v == "" {
		return nil
	}
	return v
}
