package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// The JSON shapes below follow GitHub's published OpenAPI description
// (schemas simple-user, installation, repository, deployment,
// deployment-status, environment, installation-token); the conformance
// check in internal/sandbox/conformance holds them to it.

type object = map[string]any

const ghTime = time.RFC3339

func stamp(t time.Time) string { return t.UTC().Format(ghTime) }

func (s *Server) user(base, login string, id int64, kind string) object {
	if kind == "" {
		kind = "User"
	}
	u := base + "users/" + login
	return object{
		"login": login, "id": id, "node_id": nodeID("U", id),
		"avatar_url":  fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id),
		"gravatar_id": "", "url": u, "html_url": "https://github.com/" + login,
		"followers_url": u + "/followers", "following_url": u + "/following{/other_user}",
		"gists_url": u + "/gists{/gist_id}", "starred_url": u + "/starred{/owner}{/repo}",
		"subscriptions_url": u + "/subscriptions", "organizations_url": u + "/orgs",
		"repos_url": u + "/repos", "events_url": u + "/events{/privacy}",
		"received_events_url": u + "/received_events", "type": kind, "site_admin": false,
	}
}

// loginID gives a stable ID for a login that the fixture names only by login.
func loginID(login string) int64 {
	var h int64 = 7
	for _, c := range login {
		h = (h*31 + int64(c)) % 90_000_000
	}
	return 10_000_000 + h
}

func nodeID(prefix string, id int64) string { return fmt.Sprintf("%s_kgDO%08d", prefix, id) }

func (s *Server) installationJSON(base string, inst *Installation) object {
	var suspended any
	if inst.SuspendedAt != nil {
		suspended = stamp(*inst.SuspendedAt)
	}
	app := s.apps[inst.AppID]
	var suspendedBy any
	if inst.SuspendedAt != nil {
		suspendedBy = s.user(base, "octo-admin", loginID("octo-admin"), "User")
	}
	return object{
		"id":                   inst.ID,
		"account":              s.user(base, inst.Account.Login, inst.Account.ID, inst.Account.Type),
		"access_tokens_url":    fmt.Sprintf("%sapp/installations/%d/access_tokens", base, inst.ID),
		"repositories_url":     base + "installation/repositories",
		"html_url":             fmt.Sprintf("https://github.com/organizations/%s/settings/installations/%d", inst.Account.Login, inst.ID),
		"app_id":               inst.AppID,
		"app_slug":             app.Slug,
		"target_id":            inst.Account.ID,
		"target_type":          inst.Account.Type,
		"permissions":          cloneMap(inst.Permissions),
		"events":               []string{},
		"created_at":           stamp(inst.CreatedAt),
		"updated_at":           stamp(inst.CreatedAt),
		"single_file_name":     nil,
		"repository_selection": inst.RepositorySelection,
		"suspended_at":         suspended,
		"suspended_by":         suspendedBy,
	}
}

func (s *Server) repositoryJSON(base string, r *Repository) object {
	owner, name, _ := strings.Cut(r.FullName, "/")
	u := base + "repos/" + r.FullName
	ownerType := "Organization"
	for _, inst := range s.installations {
		if strings.EqualFold(inst.Account.Login, owner) {
			ownerType = inst.Account.Type
		}
	}
	created := stamp(r.CreatedAt)
	branch := r.DefaultBranch
	if branch == "" {
		branch = "main"
	}
	visibility := r.Visibility
	if visibility == "" {
		visibility = "private"
	}
	o := object{
		"id": r.ID, "node_id": nodeID("R", r.ID), "name": name, "full_name": r.FullName,
		"owner":   s.user(base, owner, loginID(owner), ownerType),
		"private": visibility != "public", "visibility": visibility,
		"html_url": "https://github.com/" + r.FullName, "description": nil, "fork": r.Fork, "url": u,
		"archived": r.Archived, "disabled": false, "default_branch": branch,
		"license": nil, "mirror_url": nil, "homepage": nil, "language": "Go",
		"forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers_count": 0, "watchers": 0,
		"size": 1024, "open_issues_count": 0, "open_issues": 0, "is_template": false, "topics": append([]string{}, r.Topics...),
		"has_issues": true, "has_projects": true, "has_wiki": false, "has_pages": false,
		"has_downloads": true, "has_discussions": false,
		"pushed_at": created, "created_at": created, "updated_at": created,
		"git_url": "git://github.com/" + r.FullName + ".git", "ssh_url": "git@github.com:" + r.FullName + ".git",
		"clone_url": "https://github.com/" + r.FullName + ".git", "svn_url": "https://github.com/" + r.FullName,
		"allow_forking": true, "web_commit_signoff_required": false,
	}
	for key, suffix := range repoURLs {
		o[key] = u + suffix
	}
	return o
}

var repoURLs = map[string]string{
	"archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}", "blobs_url": "/git/blobs{/sha}",
	"branches_url": "/branches{/branch}", "collaborators_url": "/collaborators{/collaborator}",
	"comments_url": "/comments{/number}", "commits_url": "/commits{/sha}", "compare_url": "/compare/{base}...{head}",
	"contents_url": "/contents/{+path}", "contributors_url": "/contributors", "deployments_url": "/deployments",
	"downloads_url": "/downloads", "events_url": "/events", "forks_url": "/forks", "git_commits_url": "/git/commits{/sha}",
	"git_refs_url": "/git/refs{/sha}", "git_tags_url": "/git/tags{/sha}", "issue_comment_url": "/issues/comments{/number}",
	"issue_events_url": "/issues/events{/number}", "issues_url": "/issues{/number}", "keys_url": "/keys{/key_id}",
	"labels_url": "/labels{/name}", "languages_url": "/languages", "merges_url": "/merges",
	"milestones_url": "/milestones{/number}", "notifications_url": "/notifications{?since,all,participating}",
	"pulls_url": "/pulls{/number}", "releases_url": "/releases{/id}", "stargazers_url": "/stargazers",
	"statuses_url": "/statuses/{sha}", "subscribers_url": "/subscribers", "subscription_url": "/subscription",
	"tags_url": "/tags", "teams_url": "/teams", "trees_url": "/git/trees{/sha}", "hooks_url": "/hooks",
}

func (s *Server) deploymentJSON(base string, r *Repository, d *Deployment) object {
	u := fmt.Sprintf("%srepos/%s/deployments/%d", base, r.FullName, d.ID)
	original := d.OriginalEnvironment
	if original == "" {
		original = d.Environment
	}
	var desc any
	if d.Description != "" {
		desc = d.Description
	}
	var creator any
	if d.Creator != "" {
		creator = s.user(base, d.Creator, loginID(d.Creator), userType(d.Creator))
	}
	updated := d.CreatedAt
	for _, st := range d.Statuses {
		if st.CreatedAt.After(updated) {
			updated = st.CreatedAt
		}
	}
	return object{
		"url": u, "id": d.ID, "node_id": nodeID("DE", d.ID), "sha": d.SHA, "ref": d.Ref, "task": d.Task,
		"payload": object{}, "original_environment": original, "environment": d.Environment,
		"description": desc, "creator": creator, "created_at": stamp(d.CreatedAt), "updated_at": stamp(updated),
		"statuses_url": u + "/statuses", "repository_url": base + "repos/" + r.FullName,
		"transient_environment": d.TransientEnvironment, "production_environment": d.ProductionEnvironment,
	}
}

// userType is GitHub's: a bot's REST login always ends in "[bot]" (and
// GraphQL drops the suffix); a login that merely ends in "-bot" is a user.
func userType(login string) string {
	if strings.HasSuffix(login, "[bot]") {
		return "Bot"
	}
	return "User"
}

func (s *Server) statusJSON(base string, r *Repository, d *Deployment, st *Status) object {
	du := fmt.Sprintf("%srepos/%s/deployments/%d", base, r.FullName, d.ID)
	creator := st.Creator
	if creator == "" {
		creator = d.Creator
	}
	var c any
	if creator != "" {
		c = s.user(base, creator, loginID(creator), userType(creator))
	}
	return object{
		"url": fmt.Sprintf("%s/statuses/%d", du, st.ID), "id": st.ID, "node_id": nodeID("DES", st.ID),
		"state": st.State, "creator": c, "description": st.Description, "environment": d.Environment,
		"target_url": "", "log_url": "", "environment_url": "",
		"created_at": stamp(st.CreatedAt), "updated_at": stamp(st.CreatedAt),
		"deployment_url": du, "repository_url": base + "repos/" + r.FullName,
	}
}

func (s *Server) environmentJSON(base string, r *Repository, e *Environment) object {
	return object{
		"id": e.ID, "node_id": nodeID("EN", e.ID), "name": e.Name,
		"url":        fmt.Sprintf("%srepos/%s/environments/%s", base, r.FullName, e.Name),
		"html_url":   fmt.Sprintf("https://github.com/%s/deployments/activity_log?environments_filter=%s", r.FullName, e.Name),
		"created_at": stamp(e.CreatedAt), "updated_at": stamp(e.CreatedAt),
		"protection_rules": []any{}, "deployment_branch_policy": nil,
	}
}
