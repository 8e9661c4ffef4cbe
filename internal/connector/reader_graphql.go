package connector

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// graphqlReader reads environments, named deployments, statuses, merged
// pull requests, their first commits and incident issues with GitHub's
// GraphQL API, 100 repositories, deployments or pull requests a query. Only
// REST has the production_environment flag, so AllDeployments is REST's.
type graphqlReader struct{ restReader }

func (r graphqlReader) Environments(ctx context.Context, repos []ghclient.Repository) (map[string][]ghclient.Environment, error) {
	envs, err := r.gh.Client.GraphQLEnvironments(ctx, repos)
	if err != nil {
		return nil, fmt.Errorf("reading environments: %w", err)
	}
	return envs, nil
}

// NamedDeployments asks once per set of spellings: the environments
// argument is one list for the whole query, so repositories that spell
// their production environments alike share queries.
func (r graphqlReader) NamedDeployments(ctx context.Context, repos []ghclient.Repository, spellings map[string][]string, since time.Time) (map[string][]ghclient.Deployment, error) {
	groups := map[string][]ghclient.Repository{}
	sets := map[string][]string{}
	for _, repo := range repos {
		sp := spellings[repo.FullName]
		if len(sp) == 0 {
			continue
		}
		sp = slices.Clone(sp)
		slices.Sort(sp)
		key := strings.Join(sp, "\x00")
		groups[key] = append(groups[key], repo)
		sets[key] = sp
	}
	var mu sync.Mutex
	out := map[string][]ghclient.Deployment{}
	g, gctx := errgroup.WithContext(ctx)
	for key, group := range groups {
		recovered.Go(g, func() error {
			deps, err := r.gh.Client.GraphQLDeployments(gctx, group, ghclient.GraphQLDeploymentQuery{Environments: sets[key], Since: since})
			if err != nil {
				return fmt.Errorf("reading deployments: %w", err)
			}
			mu.Lock()
			defer mu.Unlock()
			for name, d := range deps {
				out[name] = d
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// Statuses reads statuses by GraphQL, 100 deployments a query. A
// deployment's state is its newest status by created_at, then ID (DESIGN
// §2), and GraphQL gives a status no ID: when a deployment's newest statuses
// share a second (GitHub's resolution) and differ in state, only the IDs can
// say which is newest, so that deployment's statuses are read again by REST,
// which has them. Such ties are rare (3 of the example organisation's 547
// deployments); both modes then give the same state.
func (r graphqlReader) Statuses(ctx context.Context, deps []ghclient.RepositoryDeployment) (map[int64][]ghclient.DeploymentStatus, error) {
	byNode, err := r.gh.Client.GraphQLDeploymentStatuses(ctx, deps)
	if err != nil {
		return nil, fmt.Errorf("reading deployment statuses: %w", err)
	}
	out := make(map[int64][]ghclient.DeploymentStatus, len(deps))
	var tied []ghclient.RepositoryDeployment
	for _, d := range deps {
		out[d.ID] = byNode[d.NodeID]
		if newestTied(out[d.ID]) {
			tied = append(tied, d)
		}
	}
	if len(tied) == 0 {
		return out, nil
	}
	withIDs, err := r.restReader.Statuses(ctx, tied)
	if err != nil {
		return nil, err
	}
	for id, sts := range withIDs {
		out[id] = sts
	}
	return out, nil
}

// newestTied reports whether the newest statuses (by created_at) are more
// than one, in different states.
func newestTied(sts []ghclient.DeploymentStatus) bool {
	var newest time.Time
	states := map[string]bool{}
	for _, s := range sts {
		switch {
		case s.CreatedAt.After(newest):
			newest, states = s.CreatedAt, map[string]bool{s.State: true}
		case s.CreatedAt.Equal(newest):
			states[s.State] = true
		}
	}
	return len(states) > 1
}

func (r graphqlReader) MergedPullRequests(ctx context.Context, repos []ghclient.Repository, since time.Time) (map[string][]ghclient.PullRequest, error) {
	pulls, err := r.gh.Client.GraphQLPullRequests(ctx, repos, since)
	if err != nil {
		return nil, fmt.Errorf("reading pull requests: %w", err)
	}
	return pulls, nil
}

func (r graphqlReader) FirstCommits(ctx context.Context, pulls []ghclient.RepositoryPullRequest) (map[pullKey]*ghclient.Commit, error) {
	byNode, err := r.gh.Client.GraphQLFirstCommits(ctx, pulls)
	if err != nil {
		return nil, fmt.Errorf("reading pull requests' first commits: %w", err)
	}
	out := make(map[pullKey]*ghclient.Commit, len(pulls))
	for _, p := range pulls {
		out[keyOf(p)] = byNode[p.NodeID]
	}
	return out, nil
}

func (r graphqlReader) LabelledIssues(ctx context.Context, repos []ghclient.Repository, labels []string, since time.Time) (map[string][]ghclient.Issue, error) {
	issues, err := r.gh.Client.GraphQLLabelledIssues(ctx, repos, labels, since)
	if err != nil {
		return nil, fmt.Errorf("reading incident issues: %w", err)
	}
	return issues, nil
}
