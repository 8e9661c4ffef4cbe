package ghclient

import "time"

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

// User is the subset of a GitHub user the provider reports.
type User struct {
	Login string `json:"login"`
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
