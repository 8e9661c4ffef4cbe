package orggen

import (
	"math/rand/v2"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Database ids of generated pull requests and issues, in creation order.
const (
	GeneratedPullRequestIDs int64 = 50000001
	GeneratedIssueIDs       int64 = 80000001
)

// changes gives every generated repository its pull requests and issues,
// for dxgh_dora_metrics: about 1.5 merged pull requests before each
// successful production deployment (the last usually its commit), one to
// five commits each (now and then up to 30), some closed unmerged or still
// open, a few ordinary issues, and an incident labelled "incident" after
// about one production deployment in twenty. They come from a random
// source of their own, drawn after everything else, so a seed's
// repositories, environments, deployments and statuses are what they were
// before pull requests existed.
func (g *generator) changes(repos []sandbox.Repository) {
	b := &changeBuilder{
		rng:   rand.New(rand.NewPCG(uint64(g.spec.Seed), 0x70756c6c)),
		start: g.spec.Start, end: g.spec.End,
		mergedWeights: []int{15, 35, 35, 15}, incidentOneIn: 20,
	}
	for i := range repos {
		b.routine(&repos[i])
	}
	numberChanges(repos, func(int) int64 { return 1 }, GeneratedPullRequestIDs, GeneratedIssueIDs)
}
