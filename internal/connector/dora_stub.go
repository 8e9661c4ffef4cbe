package connector

// TEMPORARY STUB (issue 14, part C2). The real CollectDORA, which reads pull
// requests and incident issues, is being written on branch h-dclient (part
// C1); at merge this file is deleted in favour of its dora.go. Until then it
// has exactly the agreed signature and returns the deployments only, so the
// dxgh_dora_metrics data source builds and its tests run.

import (
	"context"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// DORAQuery is what dxgh_dora_metrics asks for.
type DORAQuery struct {
	Since, Until   time.Time
	IncidentLabels []string // as configured; empty: no incidents
}

// DORAData is what dxgh_dora_metrics computes from.
type DORAData struct {
	Deployments  []ProductionDeployment
	PullRequests []metrics.PullRequest
	Incidents    []metrics.Incident
}

// CollectDORA (stub) returns CollectDeployments' result for the window and
// no pull requests or incidents.
func CollectDORA(ctx context.Context, gh GitHub, repos []ghclient.Repository, s Settings, q DORAQuery) (*DORAData, error) {
	deployments, err := CollectDeployments(ctx, gh, repos, s, q.Since, q.Until)
	if err != nil {
		return nil, err
	}
	return &DORAData{Deployments: deployments}, nil
}
