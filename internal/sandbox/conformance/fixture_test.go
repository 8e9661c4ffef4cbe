package conformance

import (
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The helpers below pick what to request from the fixture itself, so the
// tests keep working as the example organisation grows.

// repositoriesOf lists the full names an installation can access.
func repositoriesOf(f *sandbox.Fixture, inst sandbox.Installation) []string {
	if inst.RepositorySelection == "selected" {
		return inst.Repositories
	}
	var names []string
	for _, r := range f.Repositories {
		if owner, _, _ := strings.Cut(r.FullName, "/"); owner == inst.Account.Login {
			names = append(names, r.FullName)
		}
	}
	return names
}

func installation(t *testing.T, f *sandbox.Fixture, id int64) sandbox.Installation {
	t.Helper()
	for _, inst := range f.Installations {
		if inst.ID == id {
			return inst
		}
	}
	t.Fatalf("fixture has no installation %d", id)
	return sandbox.Installation{}
}

func repository(f *sandbox.Fixture, name string) (sandbox.Repository, bool) {
	for _, r := range f.Repositories {
		if r.FullName == name {
			return r, true
		}
	}
	return sandbox.Repository{}, false
}

// installationWithMostRepositories is the app's active installation that can
// access the most repositories.
func installationWithMostRepositories(t *testing.T, f *sandbox.Fixture, appID int64) int64 {
	t.Helper()
	var best int64
	most := -1
	for _, inst := range f.Installations {
		if inst.AppID != appID || inst.SuspendedAt != nil {
			continue
		}
		if n := len(repositoriesOf(f, inst)); n > most {
			best, most = inst.ID, n
		}
	}
	if most <= 0 {
		t.Fatalf("app %d has no active installation with repositories in the fixture", appID)
	}
	return best
}

// repositoryWithMostDeployments returns the installation's repository with the
// most deployments and, in it, the environment with the most deployments.
func repositoryWithMostDeployments(t *testing.T, f *sandbox.Fixture, instID int64) (repo, environment string) {
	t.Helper()
	var best sandbox.Repository
	for _, name := range repositoriesOf(f, installation(t, f, instID)) {
		if r, ok := repository(f, name); ok && len(r.Deployments) > len(best.Deployments) {
			best = r
		}
	}
	if len(best.Deployments) == 0 {
		t.Fatalf("installation %d has no repository with deployments in the fixture", instID)
	}
	perEnv := map[string]int{}
	for _, d := range best.Deployments {
		perEnv[d.Environment]++
		if environment == "" || perEnv[d.Environment] > perEnv[environment] {
			environment = d.Environment
		}
	}
	return best.FullName, environment
}

// installationLacking returns an active installation without read access to
// permission, and its app.
func installationLacking(t *testing.T, f *sandbox.Fixture, permission string) (appID, instID int64) {
	t.Helper()
	for _, inst := range f.Installations {
		if _, has := inst.Permissions[permission]; !has && inst.SuspendedAt == nil && len(repositoriesOf(f, inst)) > 0 {
			return inst.AppID, inst.ID
		}
	}
	t.Fatalf("fixture has no active installation without %s permission", permission)
	return 0, 0
}

// deploymentWithMostStatuses returns the installation's deployment with the
// most statuses, and how many it has.
func deploymentWithMostStatuses(t *testing.T, f *sandbox.Fixture, instID int64) (repo string, id int64, count int) {
	t.Helper()
	most := 0
	for _, name := range repositoriesOf(f, installation(t, f, instID)) {
		r, ok := repository(f, name)
		if !ok {
			continue
		}
		for _, d := range r.Deployments {
			if len(d.Statuses) > most {
				repo, id, most = name, d.ID, len(d.Statuses)
			}
		}
	}
	if repo == "" {
		t.Fatalf("installation %d has no deployment with statuses in the fixture", instID)
	}
	return repo, id, most
}

func deploymentCount(f *sandbox.Fixture, name string) int {
	r, _ := repository(f, name)
	return len(r.Deployments)
}

// repositoryWithMostPullRequests is the installation's repository with the
// most pull requests, and how many it has.
func repositoryWithMostPullRequests(t *testing.T, f *sandbox.Fixture, instID int64) (string, int) {
	t.Helper()
	var best sandbox.Repository
	for _, name := range repositoriesOf(f, installation(t, f, instID)) {
		if r, ok := repository(f, name); ok && len(r.PullRequests) > len(best.PullRequests) {
			best = r
		}
	}
	if len(best.PullRequests) == 0 {
		t.Fatalf("installation %d has no repository with pull requests in the fixture", instID)
	}
	return best.FullName, len(best.PullRequests)
}

// pullRequestWithMostCommits is the installation's pull request with the
// most commits: its repository, number and commit count.
func pullRequestWithMostCommits(t *testing.T, f *sandbox.Fixture, instID int64) (repo string, number int64, count int) {
	t.Helper()
	for _, name := range repositoriesOf(f, installation(t, f, instID)) {
		r, _ := repository(f, name)
		for _, pr := range r.PullRequests {
			if len(pr.Commits) > count {
				repo, number, count = name, pr.Number, len(pr.Commits)
			}
		}
	}
	if repo == "" {
		t.Fatalf("installation %d has no pull request with commits in the fixture", instID)
	}
	return repo, number, count
}
