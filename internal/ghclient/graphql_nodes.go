package ghclient

import "time"

// The elements of nodes(ids:) and node(id:), decoded by hand: their
// selections are the queries' (queries/*.graphql, checked by genqlient
// against GitHub's schema), but a generated type for Node would carry a
// struct for each of its hundreds of implementations. An element is null
// for an ID GitHub cannot resolve (with an error naming it), and its
// __typename says what it is.

type repositoryEnvironmentsNode struct {
	Typename     string          `json:"__typename"`
	ID           string          `json:"id"`
	Environments EnvironmentPage `json:"environments"`
}

type repositoryDeploymentsNode struct {
	Typename    string         `json:"__typename"`
	ID          string         `json:"id"`
	Deployments DeploymentPage `json:"deployments"`
}

type deploymentStatusesNode struct {
	Typename string     `json:"__typename"`
	ID       string     `json:"id"`
	Statuses statusPage `json:"statuses"`
}

// statusPage is the StatusPage fragment (queries/statuses.graphql).
type statusPage struct {
	TotalCount int           `json:"totalCount"`
	PageInfo   pageInfo      `json:"pageInfo"`
	Nodes      []*statusNode `json:"nodes"`
}

type statusNode struct {
	ID        string    `json:"id"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"createdAt"`
}

func statusID(n *statusNode) string { return n.ID }

// pageInfo is a connection's pageInfo { hasNextPage endCursor }.
type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

// repositoryPullRequestsNode is the RepositoryPullRequests fragment
// (queries/pulls.graphql).
type repositoryPullRequestsNode struct {
	Typename     string `json:"__typename"`
	ID           string `json:"id"`
	PullRequests struct {
		PageInfo pageInfo             `json:"pageInfo"`
		Nodes    []*PullRequestFields `json:"nodes"`
	} `json:"pullRequests"`
}

// pullRequestFirstCommitNode is an element of PullRequestFirstCommits.
type pullRequestFirstCommitNode struct {
	Typename string      `json:"__typename"`
	ID       string      `json:"id"`
	Commits  FirstCommit `json:"commits"`
}

// repositoryLabelsNode is the RepositoryLabels fragment
// (queries/issues.graphql); labels is nullable in GitHub's schema.
type repositoryLabelsNode struct {
	Typename string     `json:"__typename"`
	ID       string     `json:"id"`
	Labels   *LabelPage `json:"labels"`
}

// repositoryIssuesNode is the RepositoryIssues fragment.
type repositoryIssuesNode struct {
	Typename string    `json:"__typename"`
	ID       string    `json:"id"`
	Issues   IssuePage `json:"issues"`
}

// teamRepositoriesNode is the TeamRepositories and TeamRepositoriesAfter
// fragments (queries/teams.graphql).
type teamRepositoriesNode struct {
	Typename     string `json:"__typename"`
	ID           string `json:"id"`
	Repositories struct {
		PageInfo pageInfo `json:"pageInfo"`
		Nodes    []*struct {
			NameWithOwner string `json:"nameWithOwner"`
		} `json:"nodes"`
	} `json:"repositories"`
}
