package conformance

import "testing"

// The operations by name, for readable tests.
var (
	listInstallations = Endpoint{"GET", "/app/installations"}
	getInstallation   = Endpoint{"GET", "/app/installations/{installation_id}"}
	createToken       = Endpoint{"POST", "/app/installations/{installation_id}/access_tokens"}
	listRepositories  = Endpoint{"GET", "/installation/repositories"}
	listDeployments   = Endpoint{"GET", "/repos/{owner}/{repo}/deployments"}
	listStatuses      = Endpoint{"GET", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"}
	listEnvironments  = Endpoint{"GET", "/repos/{owner}/{repo}/environments"}
	listPulls         = Endpoint{"GET", "/repos/{owner}/{repo}/pulls"}
	listPullCommits   = Endpoint{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"}
	listIssues        = Endpoint{"GET", "/repos/{owner}/{repo}/issues"}
	listTeams         = Endpoint{"GET", "/orgs/{org}/teams"}
	getTeam           = Endpoint{"GET", "/orgs/{org}/teams/{team_slug}"}
	listTeamRepos     = Endpoint{"GET", "/orgs/{org}/teams/{team_slug}/repos"}
)

// The conformance tests must call every endpoint the provider uses; this
// fails when one is added to ProviderEndpoints without a test calling it.
func TestEveryProviderEndpointIsExercised(t *testing.T) {
	exercised := map[Endpoint]bool{
		listInstallations: true, getInstallation: true, createToken: true, listRepositories: true,
		listDeployments: true, listStatuses: true, listEnvironments: true,
		listPulls: true, listPullCommits: true, listIssues: true,
		listTeams: true, getTeam: true, listTeamRepos: true,
	}
	for _, e := range ProviderEndpoints {
		if !exercised[e] {
			t.Errorf("%s is in ProviderEndpoints but no conformance test calls it", e)
		}
	}
	if len(exercised) != len(ProviderEndpoints) {
		t.Errorf("tests exercise %d endpoints, ProviderEndpoints lists %d", len(exercised), len(ProviderEndpoints))
	}
}
