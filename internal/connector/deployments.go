package connector

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// ProductionDeployment is a production deployment in the window with every
// one of its statuses.
type ProductionDeployment struct {
	Repository string
	ghclient.Deployment
	Statuses []ghclient.DeploymentStatus
	repo     ghclient.Repository // to read statuses with the right installation's token
	// EnvironmentKey groups deployments by environment: the configured
	// production_environments spelling it matched, or, with the flag
	// fallback, the smallest spelling of its name seen in the result.
	EnvironmentKey string
}

// CollectDeployments reads the production deployments created in
// [since, until) of every repository, and their statuses. With production
// environments named, it asks GitHub for those environments only (one query
// per spelling the repository's environment list uses); otherwise it lists
// every deployment and keeps those GitHub flags as production. Paging stops
// once a page reaches before since. Any repository that cannot be read fails
// the whole call: results are complete or there are none.
func CollectDeployments(ctx context.Context, gh GitHub, repos []ghclient.Repository, s Settings, since, until time.Time) ([]ProductionDeployment, error) {
	// Two pools, so a repository's status look-ups start as soon as its
	// deployments are listed instead of after every repository's: no phase
	// waits on the slowest repository. The client bounds requests in flight.
	// Plain groups with one shared cancel: errgroup.WithContext would cancel
	// the status look-ups as soon as listing finished. The first failure is
	// the cancel's cause, so the error reported is what went wrong, not a
	// "context canceled" from a look-up that the failure stopped.
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var listing, statuses errgroup.Group
	listing.SetLimit(gh.concurrency())
	statuses.SetLimit(gh.concurrency())
	failFast := func(err error) error {
		if err != nil {
			cancel(err)
		}
		return err
	}

	var mu sync.Mutex
	var found []*ProductionDeployment
	progress := newProgress(ctx, "deployments", len(repos))
	for _, repo := range repos {
		listing.Go(func() error {
			deps, err := repositoryProduction(runCtx, gh, repo, s, since)
			if err != nil {
				return failFast(err)
			}
			for _, d := range deps {
				if !d.CreatedAt.Before(until) {
					continue
				}
				pd := &ProductionDeployment{Repository: repo.FullName, Deployment: d, repo: repo}
				mu.Lock()
				found = append(found, pd)
				mu.Unlock()
				statuses.Go(func() error { return failFast(attachStatuses(runCtx, gh, pd)) })
			}
			progress.done()
			return nil
		})
	}
	err := listing.Wait() // every status look-up has been started once listing is done
	if serr := statuses.Wait(); err == nil {
		err = serr
	}
	if err != nil {
		return nil, context.Cause(runCtx)
	}
	out := make([]ProductionDeployment, len(found))
	for i, pd := range found {
		out[i] = *pd
	}
	assignEnvironmentKeys(out, s)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		return a.ID > b.ID
	})
	return out, nil
}

const deploymentsRoute = "GET /repos/{owner}/{repo}/deployments"

func repositoryProduction(ctx context.Context, gh GitHub, repo ghclient.Repository, s Settings, since time.Time) ([]ghclient.Deployment, error) {
	if len(s.ProductionEnvironments) == 0 {
		all, err := gh.Client.Deployments(ctx, repo, ghclient.DeploymentQuery{Since: since})
		if err != nil {
			return nil, repositoryError(repo, deploymentsRoute, err)
		}
		var prod []ghclient.Deployment
		for _, d := range all {
			if d.ProductionEnvironment {
				prod = append(prod, d)
			}
		}
		return prod, nil
	}
	spellings, err := productionSpellings(ctx, gh, repo, s)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var prod []ghclient.Deployment
	for _, env := range spellings {
		deps, err := gh.Client.Deployments(ctx, repo, ghclient.DeploymentQuery{Environment: env, Since: since})
		if err != nil {
			return nil, repositoryError(repo, deploymentsRoute, err)
		}
		for _, d := range deps {
			// GitHub may match the filter case-insensitively, so two
			// spellings can return the same deployment; the name check
			// guards against a filter looser than ours.
			if !seen[d.ID] && s.IsProductionName(d.Environment) {
				seen[d.ID] = true
				prod = append(prod, d)
			}
		}
	}
	return prod, nil
}

// productionSpellings are the repository's environment names that match a
// production environment case-insensitively. GitHub creates an environment
// for every deployment's environment name, so the list covers them all.
func productionSpellings(ctx context.Context, gh GitHub, repo ghclient.Repository, s Settings) ([]string, error) {
	envs, err := gh.Client.Environments(ctx, repo)
	if err != nil {
		return nil, repositoryError(repo, "GET /repos/{owner}/{repo}/environments", err)
	}
	var out []string
	for _, e := range envs {
		if s.IsProductionName(e.Name) {
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}

func attachStatuses(ctx context.Context, gh GitHub, d *ProductionDeployment) error {
	statuses, err := gh.Client.DeploymentStatuses(ctx, d.repo, d.ID)
	if err != nil {
		return repositoryError(d.repo, "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", err)
	}
	d.Statuses = statuses
	return nil
}

func assignEnvironmentKeys(found []ProductionDeployment, s Settings) {
	smallest := map[string]string{}
	for _, d := range found {
		k := strings.ToLower(d.Environment)
		if cur, ok := smallest[k]; !ok || d.Environment < cur {
			smallest[k] = d.Environment
		}
	}
	for i := range found {
		if name := s.productionName(found[i].Environment); name != "" {
			found[i].EnvironmentKey = name
		} else {
			found[i].EnvironmentKey = smallest[strings.ToLower(found[i].Environment)]
		}
	}
}
