package connector

import (
	"context"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// DORAQuery is the window and incident labels of a dxgh_dora_metrics read.
type DORAQuery struct {
	Since, Until   time.Time
	IncidentLabels []string // as configured; empty: no incidents
}

// DORAData is what the DORA metrics are computed from.
type DORAData struct {
	// Deployments is exactly what CollectDeployments returns for the
	// window: the same read, shared through the client's memo.
	Deployments []ProductionDeployment
	// PullRequests are those merged into a repository in scope with
	// merged_at in [since, until), newest merge first (ties: repository
	// ascending, then number descending).
	PullRequests []metrics.PullRequest
	// Incidents are the issues (not pull requests) carrying any incident
	// label, case-insensitively, created in [since, until), each once,
	// newest first (ties: repository ascending, then number descending).
	Incidents []metrics.Incident
}

// CollectDORA reads the deployments, changes and incidents of the window:
// the production deployments and their statuses as CollectDeployments reads
// them (one run reads them once, whichever data source asks first), the
// merged pull requests with each one's first commit, and the incident
// issues. The three reads run at once; results are complete or there are
// none, and the error is the first failure, not a cancellation it caused.
func CollectDORA(ctx context.Context, gh GitHub, repos []ghclient.Repository, s Settings, q DORAQuery) (*DORAData, error) {
	rd := gh.reader()
	out := &DORAData{}
	g, gctx := errgroup.WithContext(ctx) // the first error cancels the rest, and Wait returns it
	recovered.Go(g, func() (err error) {
		out.Deployments, err = CollectDeployments(gctx, gh, repos, s, q.Since, q.Until)
		return err
	})
	recovered.Go(g, func() (err error) {
		out.PullRequests, err = collectChanges(gctx, rd, repos, q)
		return err
	})
	recovered.Go(g, func() (err error) {
		out.Incidents, err = collectIncidents(gctx, rd, repos, q)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// collectChanges reads the pull requests merged in the window and the first
// commit of each.
func collectChanges(ctx context.Context, rd Reader, repos []ghclient.Repository, q DORAQuery) ([]metrics.PullRequest, error) {
	byRepo, err := rd.MergedPullRequests(ctx, repos, q.Since)
	if err != nil {
		return nil, err
	}
	var merged []ghclient.RepositoryPullRequest
	for _, repo := range repos {
		seen := map[int64]bool{}
		for _, p := range byRepo[repo.FullName] {
			if p.MergedAt == nil || p.MergedAt.Before(q.Since) || !p.MergedAt.Before(q.Until) || seen[p.Number] {
				continue
			}
			seen[p.Number] = true
			merged = append(merged, ghclient.RepositoryPullRequest{Repository: repo, PullRequest: p})
		}
	}
	firsts, err := rd.FirstCommits(ctx, merged)
	if err != nil {
		return nil, err
	}
	out := make([]metrics.PullRequest, len(merged))
	for i, p := range merged {
		out[i] = metrics.PullRequest{
			Repository:     p.Repository.FullName,
			Number:         p.Number,
			MergedAt:       *p.MergedAt,
			MergeCommitSHA: p.MergeCommitSHA,
			BaseBranch:     p.Base.Ref,
			AuthorIsBot:    p.User.IsBot(),
		}
		if first := firsts[keyOf(p)]; first != nil && !first.CommittedAt().IsZero() {
			at := first.CommittedAt()
			out[i].FirstCommitAt = &at
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.MergedAt.Equal(b.MergedAt) {
			return a.MergedAt.After(b.MergedAt)
		}
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		return a.Number > b.Number
	})
	return out, nil
}

// collectIncidents reads the incident issues created in the window.
func collectIncidents(ctx context.Context, rd Reader, repos []ghclient.Repository, q DORAQuery) ([]metrics.Incident, error) {
	if len(q.IncidentLabels) == 0 {
		return nil, nil
	}
	byRepo, err := rd.LabelledIssues(ctx, repos, q.IncidentLabels, q.Since)
	if err != nil {
		return nil, err
	}
	var out []metrics.Incident
	for _, repo := range repos {
		seen := map[int64]bool{}
		for _, is := range byRepo[repo.FullName] {
			if is.CreatedAt.Before(q.Since) || !is.CreatedAt.Before(q.Until) || seen[is.Number] {
				continue
			}
			seen[is.Number] = true
			inc := metrics.Incident{Repository: repo.FullName, Number: is.Number, CreatedAt: is.CreatedAt}
			if is.State != "open" {
				inc.ClosedAt = is.ClosedAt
			}
			out = append(out, inc)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		return a.Number > b.Number
	})
	return out, nil
}
