package ghclient

import (
	"encoding/json"
	"time"
)

// Installation is an installation of the app, as GET /app/installations
// and GET /app/installations/{id} describe it.
type Installation struct {
	ID                  int64             `json:"id"`
	AppID               int64             `json:"app_id"`
	Account             Account           `json:"account"`
	TargetType          string            `json:"target_type"`
	RepositorySelection string            `json:"repository_selection"`
	Permissions         map[string]string `json:"permissions"`
	SuspendedAt         *time.Time        `json:"suspended_at"`
}

// Account is the user or organisation an installation belongs to.
type Account struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
	Type  string `json:"type"`
}

// Repository is a repository an installation can access
// (GET /installation/repositories).
type Repository struct {
	ID         int64   `json:"id"`
	NodeID     string  `json:"node_id"` // the GraphQL ID
	Name       string  `json:"name"`
	FullName   string  `json:"full_name"`
	Owner      Account `json:"owner"`
	Private    bool    `json:"private"`
	Visibility string  `json:"visibility"`
	Archived   bool    `json:"archived"`
	Fork       bool    `json:"fork"`
	// Topics are GitHub's repository topics, lower case: grouping by topic
	// reads them from the repository list, with no request of its own.
	Topics []string `json:"topics"`

	// InstallationID is the installation the repository was listed
	// through; requests for it use that installation's token.
	InstallationID int64 `json:"-"`
}

// Environment is a repository's deployment environment
// (GET /repos/{owner}/{repo}/environments).
type Environment struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Deployment is the project's own deployment type: go-github v62's lacks
// production_environment, transient_environment and original_environment.
type Deployment struct {
	ID                    int64     `json:"id"`
	NodeID                string    `json:"node_id"` // the GraphQL ID
	SHA                   string    `json:"sha"`
	Ref                   string    `json:"ref"`
	Task                  string    `json:"task"`
	Environment           string    `json:"environment"`
	OriginalEnvironment   string    `json:"original_environment"`
	ProductionEnvironment bool      `json:"production_environment"`
	TransientEnvironment  bool      `json:"transient_environment"`
	Creator               *User     `json:"creator"`
	CreatedAt             time.Time `json:"created_at"`
	UpdatedAt             time.Time `json:"updated_at"`
}

// DeploymentStatus is one status of a deployment
// (GET /repos/{owner}/{repo}/deployments/{id}/statuses).
type DeploymentStatus struct {
	ID        int64     `json:"id"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
}

// User is the subset of a GitHub user the provider reports. Type is
// "User", "Bot" or "Organization"; a bot is judged by it, never by its login.
type User struct {
	Login string `json:"login"`
	Type  string `json:"type,omitempty"`
}

// IsBot reports whether the user is a bot (type Bot).
func (u *User) IsBot() bool { return u != nil && u.Type == "Bot" }

// PullRequest is the subset of a pull request the provider reads
// (GET /repos/{owner}/{repo}/pulls lists them as pull-request-simple).
// MergedAt is nil unless it was merged; MergeCommitSHA is empty when GitHub
// gives none.
type PullRequest struct {
	ID             int64      `json:"id"`
	NodeID         string     `json:"node_id"` // the GraphQL ID
	Number         int64      `json:"number"`
	State          string     `json:"state"`
	User           *User      `json:"user"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	ClosedAt       *time.Time `json:"closed_at"`
	MergedAt       *time.Time `json:"merged_at"`
	MergeCommitSHA string     `json:"merge_commit_sha"`
	Base           BranchRef  `json:"base"`
}

// BranchRef is a pull request's base or head.
type BranchRef struct {
	Ref string `json:"ref"`
}

// Commit is a commit as GET /repos/{owner}/{repo}/pulls/{pull_number}/commits
// lists it.
type Commit struct {
	SHA    string    `json:"sha"`
	Commit GitCommit `json:"commit"`
}

// GitCommit is a commit's git data: its author's and committer's dates.
type GitCommit struct {
	Author    *GitActor `json:"author"`
	Committer *GitActor `json:"committer"`
}

// GitActor is a commit's author or committer.
type GitActor struct {
	Date time.Time `json:"date"`
}

// CommittedAt is the committer date, zero when GitHub gives none.
func (c Commit) CommittedAt() time.Time {
	if c.Commit.Committer == nil {
		return time.Time{}
	}
	return c.Commit.Committer.Date
}

// Issue is the subset of an issue the provider reads
// (GET /repos/{owner}/{repo}/issues). That list holds pull requests too,
// each with a pull_request key: PullRequest is non-nil for them.
type Issue struct {
	ID          int64            `json:"id"`
	NodeID      string           `json:"node_id"`
	Number      int64            `json:"number"`
	State       string           `json:"state"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
	ClosedAt    *time.Time       `json:"closed_at"`
	Labels      []Label          `json:"labels"`
	PullRequest *json.RawMessage `json:"pull_request,omitempty"`
}

// Label is a label as an issue carries it.
type Label struct {
	Name string `json:"name"`
}

// listItem is what a paged list holds: items with GitHub's numeric ID, by
// which an item that offset paging serves twice is kept once.
type listItem interface {
	listID() int64
}

func (i Installation) listID() int64     { return i.ID }
func (r Repository) listID() int64       { return r.ID }
func (e Environment) listID() int64      { return e.ID }
func (d Deployment) listID() int64       { return d.ID }
func (s DeploymentStatus) listID() int64 { return s.ID }
func (p PullRequest) listID() int64      { return p.ID }
func (i Issue) listID() int64            { return i.ID }
