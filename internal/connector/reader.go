package connector

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// Reader reads what the connector's rules need, in batches: a REST and a
// GraphQL implementation, chosen once by GitHub.API. Results are by
// repository full name (deployments, pull requests, issues), deployment ID
// (statuses) or pull request (first commits), and every look-up is memoised
// by the client, so the data sources and verification of one run never read
// anything twice. Failures name the repository.
type Reader interface {
	// Environments lists each repository's environments.
	Environments(ctx context.Context, repos []ghclient.Repository) (map[string][]ghclient.Environment, error)
	// NamedDeployments lists each repository's deployments to the
	// environments named for it (spellings, by full name; a repository
	// with none is not asked) created at or after since.
	NamedDeployments(ctx context.Context, repos []ghclient.Repository, spellings map[string][]string, since time.Time) (map[string][]ghclient.Deployment, error)
	// AllDeployments lists each repository's deployments created at or
	// after since, with REST's production_environment flag.
	AllDeployments(ctx context.Context, repos []ghclient.Repository, since time.Time) (map[string][]ghclient.Deployment, error)
	// Statuses lists every status of each deployment.
	Statuses(ctx context.Context, deps []ghclient.RepositoryDeployment) (map[int64][]ghclient.DeploymentStatus, error)
	// MergedPullRequests lists each repository's merged pull requests
	// updated at or after since (every one merged since then is among them).
	MergedPullRequests(ctx context.Context, repos []ghclient.Repository, since time.Time) (map[string][]ghclient.PullRequest, error)
	// FirstCommits is the first commit GitHub lists for each pull request
	// (nil when it has none).
	FirstCommits(ctx context.Context, pulls []ghclient.RepositoryPullRequest) (map[pullKey]*ghclient.Commit, error)
	// LabelledIssues lists each repository's issues (never pull requests)
	// carrying any of labels, matched case-insensitively, created at or
	// after since.
	LabelledIssues(ctx context.Context, repos []ghclient.Repository, labels []string, since time.Time) (map[string][]ghclient.Issue, error)
	// Teams lists the teams of the organisation an installation is on, each
	// with the full names GitHub lists for it; withMembers asks for each
	// team's members_count too.
	Teams(ctx context.Context, inst ghclient.Installation, withMembers bool) ([]ghclient.Team, error)
}

// pullKey names a pull request: its repository's full name and number.
type pullKey struct {
	repository string
	number     int64
}

func keyOf(p ghclient.RepositoryPullRequest) pullKey {
	return pullKey{p.Repository.FullName, p.Number}
}

const (
	environmentsRoute = "GET /repos/{owner}/{repo}/environments"
	deploymentsRoute  = "GET /repos/{owner}/{repo}/deployments"
	statusesRoute     = "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses"
	pullsRoute        = "GET /repos/{owner}/{repo}/pulls"
	pullCommitsRoute  = "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits"
	issuesRoute       = "GET /repos/{owner}/{repo}/issues"
)

// restReader reads with one REST request (and its pages) per repository,
// environment or deployment, gh.Concurrency at a time.
type restReader struct{ gh GitHub }

func (r restReader) Environments(ctx context.Context, repos []ghclient.Repository) (map[string][]ghclient.Environment, error) {
	progress := newProgress(ctx, "environments", len(repos))
	return perItem(ctx, r.gh, repos, func(repo ghclient.Repository) string { return repo.FullName },
		func(ctx context.Context, repo ghclient.Repository) ([]ghclient.Environment, error) {
			envs, err := r.gh.Client.Environments(ctx, repo)
			if err != nil {
				return nil, repositoryError(repo, environmentsRoute, err)
			}
			progress.done()
			return envs, nil
		})
}

func (r restReader) NamedDeployments(ctx context.Context, repos []ghclient.Repository, spellings map[string][]string, since time.Time) (map[string][]ghclient.Deployment, error) {
	progress := newProgress(ctx, "deployments", len(repos))
	return perItem(ctx, r.gh, repos, func(repo ghclient.Repository) string { return repo.FullName },
		func(ctx context.Context, repo ghclient.Repository) ([]ghclient.Deployment, error) {
			var all []ghclient.Deployment
			for _, env := range spellings[repo.FullName] {
				deps, err := r.gh.Client.Deployments(ctx, repo, ghclient.DeploymentQuery{Environment: env, Since: since})
				if err != nil {
					return nil, repositoryError(repo, deploymentsRoute, err)
				}
				all = append(all, deps...)
			}
			progress.done()
			return all, nil
		})
}

func (r restReader) AllDeployments(ctx context.Context, repos []ghclient.Repository, since time.Time) (map[string][]ghclient.Deployment, error) {
	progress := newProgress(ctx, "deployments", len(repos))
	return perItem(ctx, r.gh, repos, func(repo ghclient.Repository) string { return repo.FullName },
		func(ctx context.Context, repo ghclient.Repository) ([]ghclient.Deployment, error) {
			deps, err := r.gh.Client.Deployments(ctx, repo, ghclient.DeploymentQuery{Since: since})
			if err != nil {
				return nil, repositoryError(repo, deploymentsRoute, err)
			}
			progress.done()
			return deps, nil
		})
}

func (r restReader) Statuses(ctx context.Context, deps []ghclient.RepositoryDeployment) (map[int64][]ghclient.DeploymentStatus, error) {
	return perItem(ctx, r.gh, deps, func(d ghclient.RepositoryDeployment) int64 { return d.ID },
		func(ctx context.Context, d ghclient.RepositoryDeployment) ([]ghclient.DeploymentStatus, error) {
			sts, err := r.gh.Client.DeploymentStatuses(ctx, d.Repository, d.ID)
			if err != nil {
				return nil, repositoryError(d.Repository, statusesRoute, err)
			}
			return sts, nil
		})
}

func (r restReader) MergedPullRequests(ctx context.Context, repos []ghclient.Repository, since time.Time) (map[string][]ghclient.PullRequest, error) {
	progress := newProgress(ctx, "pull requests", len(repos))
	return perItem(ctx, r.gh, repos, func(repo ghclient.Repository) string { return repo.FullName },
		func(ctx context.Context, repo ghclient.Repository) ([]ghclient.PullRequest, error) {
			pulls, err := r.gh.Client.PullRequests(ctx, repo, since)
			if err != nil {
				return nil, repositoryError(repo, pullsRoute, err)
			}
			progress.done()
			return slices.DeleteFunc(pulls, func(p ghclient.PullRequest) bool { return p.MergedAt == nil }), nil
		})
}

func (r restReader) FirstCommits(ctx context.Context, pulls []ghclient.RepositoryPullRequest) (map[pullKey]*ghclient.Commit, error) {
	return perItem(ctx, r.gh, pulls, keyOf,
		func(ctx context.Context, p ghclient.RepositoryPullRequest) (*ghclient.Commit, error) {
			first, err := r.gh.Client.PullRequestFirstCommit(ctx, p.Repository, p.Number)
			if err != nil {
				return nil, repositoryError(p.Repository, pullCommitsRoute, err)
			}
			return first, nil
		})
}

// LabelledIssues asks once per label: GitHub's labels= requires every label
// it is given. REST matches the name case-insensitively (inferred: GitHub
// keeps labels unique case-insensitively in a repository, and its web
// search matches them so; GraphQL's filter, documented case-sensitive, is
// why graphqlReader reads the spellings first). Labels configured in two
// spellings are both asked for, in case it does not; an issue carrying
// several of them is kept once.
func (r restReader) LabelledIssues(ctx context.Context, repos []ghclient.Repository, labels []string, since time.Time) (map[string][]ghclient.Issue, error) {
	distinct := slices.Clone(labels)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	progress := newProgress(ctx, "incident issues", len(repos))
	return perItem(ctx, r.gh, repos, func(repo ghclient.Repository) string { return repo.FullName },
		func(ctx context.Context, repo ghclient.Repository) ([]ghclient.Issue, error) {
			var all []ghclient.Issue
			seen := map[int64]bool{}
			for _, label := range distinct {
				issues, err := r.gh.Client.Issues(ctx, repo, label, since)
				if err != nil {
					return nil, repositoryError(repo, issuesRoute, err)
				}
				for _, is := range issues {
					if !seen[is.ID] {
						seen[is.ID] = true
						all = append(all, is)
					}
				}
			}
			progress.done()
			return all, nil
		})
}

// perItem runs read for each item, gh.Concurrency at a time; the first
// failure cancels the rest and is the one returned.
func perItem[I any, K comparable, V any](ctx context.Context, gh GitHub, items []I, key func(I) K, read func(context.Context, I) (V, error)) (map[K]V, error) {
	var mu sync.Mutex
	out := make(map[K]V, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(gh.concurrency())
	for _, it := range items {
		recovered.Go(g, func() error {
			v, err := read(gctx, it)
			if err != nil {
				return err
			}
			mu.Lock()
			out[key(it)] = v
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
