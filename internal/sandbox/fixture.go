package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Fixture is an organisation the sandbox serves: apps, where they are
// installed, and the repositories with their environments and deployments.
// The format is documented in internal/sandbox/README.md.
type Fixture struct {
	Apps          []App          `json:"apps"`
	Installations []Installation `json:"installations"`
	Repositories  []Repository   `json:"repositories"`
	Teams         []Team         `json:"teams,omitempty"`
}

// Team is an organisation's team.
type Team struct {
	ID           int64    `json:"id"`
	Org          string   `json:"org"` // the organisation's login: an installation Account of type Organization
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	Privacy      string   `json:"privacy"`                // "closed" or "secret" (REST's words; GraphQL says VISIBLE or SECRET)
	Parent       string   `json:"parent,omitempty"`       // the parent team's slug, same org
	Members      []string `json:"members,omitempty"`      // logins of the team's direct members
	Repositories []string `json:"repositories,omitempty"` // full names granted to this team directly (not inherited)
}

// App is a GitHub App. Only its public key is needed to verify JWTs; the
// private key file is optional and exists so the standalone sandbox and the
// tests can hand a working key to the provider.
type App struct {
	ID             int64  `json:"id"`
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	PublicKeyPEM   string `json:"public_key_pem,omitempty"`
	PublicKeyFile  string `json:"public_key_file,omitempty"`  // relative to the fixture file
	PrivateKeyFile string `json:"private_key_file,omitempty"` // relative to the fixture file
}

// Account is the user or organisation an app is installed on.
type Account struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
	Type  string `json:"type"` // "Organization" or "User"
}

// Installation is one installation of an app on an account.
type Installation struct {
	ID                  int64             `json:"id"`
	AppID               int64             `json:"app_id"`
	Account             Account           `json:"account"`
	RepositorySelection string            `json:"repository_selection"` // "all" or "selected"
	Permissions         map[string]string `json:"permissions"`          // e.g. {"deployments":"read"}
	// Repositories lists full names ("owner/name") for "selected"; for "all"
	// it is ignored and every repository owned by Account.Login is included.
	Repositories []string   `json:"repositories,omitempty"`
	SuspendedAt  *time.Time `json:"suspended_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Repository is a repository with its environments, deployments, pull
// requests and issues.
type Repository struct {
	ID            int64         `json:"id"`
	FullName      string        `json:"full_name"`  // "owner/name"; owner must be an account above
	Visibility    string        `json:"visibility"` // "public", "private" or "internal"
	Archived      bool          `json:"archived"`
	Fork          bool          `json:"fork"`
	DefaultBranch string        `json:"default_branch"`
	CreatedAt     time.Time     `json:"created_at"`
	Environments  []Environment `json:"environments"`
	Deployments   []Deployment  `json:"deployments"`
	FormerNames   []string      `json:"former_names,omitempty"` // names before a rename or transfer: they answer 301
	PullRequests  []PullRequest `json:"pull_requests,omitempty"`
	Issues        []Issue       `json:"issues,omitempty"`
	Topics        []string      `json:"topics,omitempty"` // lower case, as GitHub stores them
}

// Environment is a repository's deployment environment.
type Environment struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Deployment is one deployment, with its statuses in any order.
type Deployment struct {
	ID                    int64     `json:"id"`
	SHA                   string    `json:"sha"`
	Ref                   string    `json:"ref"`
	Task                  string    `json:"task"`
	Environment           string    `json:"environment"`
	OriginalEnvironment   string    `json:"original_environment,omitempty"` // defaults to Environment
	ProductionEnvironment bool      `json:"production_environment"`
	TransientEnvironment  bool      `json:"transient_environment"`
	Description           string    `json:"description,omitempty"`
	Creator               string    `json:"creator"` // login
	CreatedAt             time.Time `json:"created_at"`
	Statuses              []Status  `json:"statuses"`
}

// Status is one deployment status.
type Status struct {
	ID          int64     `json:"id"`
	State       string    `json:"state"` // error, failure, inactive, in_progress, queued, pending, success
	Description string    `json:"description,omitempty"`
	Creator     string    `json:"creator"`
	CreatedAt   time.Time `json:"created_at"`
}

// PullRequest is one pull request with its commits.
type PullRequest struct {
	Number         int64      `json:"number"` // shares the repository's issue-number sequence with Issues
	ID             int64      `json:"id"`     // database id
	Title          string     `json:"title"`
	Author         string     `json:"author"`   // login; a bot's ends in "[bot]" (user type Bot), e.g. "dependabot[bot]"
	State          string     `json:"state"`    // "open" or "closed"
	BaseRef        string     `json:"base_ref"` // branch name, e.g. "main"
	HeadRef        string     `json:"head_ref"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	MergedAt       *time.Time `json:"merged_at,omitempty"` // set only when merged (then ClosedAt == MergedAt)
	MergeCommitSHA string     `json:"merge_commit_sha,omitempty"`
	Labels         []string   `json:"labels,omitempty"`
	Commits        []Commit   `json:"commits"` // GitHub's order: oldest first
}

// Commit is one commit of a pull request.
type Commit struct {
	SHA         string    `json:"sha"`
	AuthoredAt  time.Time `json:"authored_at"`
	CommittedAt time.Time `json:"committed_at"` // the committer date
}

// Issue is one issue (not a pull request; those are PullRequests).
type Issue struct {
	Number    int64      `json:"number"`
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	Author    string     `json:"author"`
	State     string     `json:"state"` // "open" or "closed"
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	Labels    []string   `json:"labels,omitempty"`
}

// LoadFixture reads a fixture file and resolves key files relative to it.
func LoadFixture(path string) (*Fixture, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f Fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	for i := range f.Apps {
		a := &f.Apps[i]
		if a.PublicKeyPEM == "" && a.PublicKeyFile != "" {
			pem, err := os.ReadFile(filepath.Join(dir, a.PublicKeyFile))
			if err != nil {
				return nil, fmt.Errorf("fixture %s: app %d: %w", path, a.ID, err)
			}
			a.PublicKeyPEM = string(pem)
		}
		if a.PrivateKeyFile != "" && !filepath.IsAbs(a.PrivateKeyFile) {
			a.PrivateKeyFile = filepath.Join(dir, a.PrivateKeyFile)
		}
	}
	return &f, nil
}
