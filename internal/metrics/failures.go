package metrics

import (
	"sort"
	"time"
)

// Incident is an issue that carries an incident label, reduced to what the
// metrics need. Callers pass issues only (no pull requests), each once.
type Incident struct {
	Repository string
	Number     int64
	CreatedAt  time.Time
	ClosedAt   *time.Time // nil while open
}

// ChangeFailureRate is the share of the window's successful production
// deployments that failed in production. Rate and Tier are nil when there
// were no deployments.
type ChangeFailureRate struct {
	Deployments, Failed, ByIncident, ByRollback int
	Rate                                        *float64
	Tier                                        *string
}

// ChangeFailures computes change_failure_rate. A successful production
// deployment of the window failed in production when an incident is
// attributed to it or it was rolled back (see analyseFailures); with both
// causes it counts once in Failed and once in each By count.
func ChangeFailures(w Window, deployments []Deployment, incidents []Incident) ChangeFailureRate {
	return analyseFailures(w, deployments, incidents).changeFailureRate()
}

// failureAnalysis relates the window's successful production deployments
// to each other and to incidents; change failure rate, recovery time and
// rework rate all read it.
type failureAnalysis struct {
	window     Window
	live       []Deployment         // by created_at, then ID
	next       map[int64]Deployment // deployment ID → the next live one of its stream
	rolledBack map[int64]Deployment // rolled-back deployment's ID → the rollback
	incidentOf map[int64]bool       // deployment ID → an incident is attributed to it
	incidents  []attributedIncident // the window's incidents, in input order
}

type attributedIncident struct {
	Incident
	deployment *Deployment // nil when unattributed
}

// analyseFailures applies DESIGN's definitions, all within the window:
//   - The next deployment of D is the next successful production deployment
//     of D's stream (repository and environment key) by created_at, then ID.
//   - D is rolled back when its next deployment N has a sha different from
//     D's that a deployment of the stream created before D (by created_at,
//     then ID, the same order "next" uses) had. A redeploy of D's own sha
//     is not a rollback.
//   - An incident created in the window is attributed to the repository's
//     latest (by deployed_at, then ID) successful production deployment
//     whose deployed_at ≤ the incident's created_at, in any stream; with
//     none it is unattributed. An incident whose created_at equals a
//     deployed_at is attributed to that deployment.
func analyseFailures(w Window, deployments []Deployment, incidents []Incident) failureAnalysis {
	a := failureAnalysis{
		window: w, live: live(w, deployments),
		next: map[int64]Deployment{}, rolledBack: map[int64]Deployment{}, incidentOf: map[int64]bool{},
	}
	streams := map[stream][]Deployment{}
	byRepository := map[string][]Deployment{}
	for _, d := range a.live {
		s := stream{d.Repository, d.Environment}
		streams[s] = append(streams[s], d)
		byRepository[d.Repository] = append(byRepository[d.Repository], d)
	}
	for _, ds := range streams {
		earlierSHAs := map[string]bool{}
		for i, d := range ds {
			if i+1 < len(ds) {
				n := ds[i+1]
				a.next[d.ID] = n
				if n.SHA != "" && n.SHA != d.SHA && earlierSHAs[n.SHA] {
					a.rolledBack[d.ID] = n
				}
			}
			earlierSHAs[d.SHA] = true
		}
	}
	for _, ds := range byRepository {
		sort.SliceStable(ds, func(i, j int) bool {
			if !ds[i].DeployedAt.Equal(*ds[j].DeployedAt) {
				return ds[i].DeployedAt.Before(*ds[j].DeployedAt)
			}
			return ds[i].ID < ds[j].ID
		})
	}
	for _, inc := range incidents {
		if !w.Contains(inc.CreatedAt) {
			continue
		}
		ai := attributedIncident{Incident: inc}
		ds := byRepository[inc.Repository]
		// The first deployed after the incident; the one before it is the
		// latest deployed at or before it.
		if i := sort.Search(len(ds), func(i int) bool { return ds[i].DeployedAt.After(inc.CreatedAt) }); i > 0 {
			d := ds[i-1]
			ai.deployment = &d
			a.incidentOf[d.ID] = true
		}
		a.incidents = append(a.incidents, ai)
	}
	return a
}

// failed reports whether deployment id failed in production.
func (a failureAnalysis) failed(id int64) bool {
	_, rolledBack := a.rolledBack[id]
	return rolledBack || a.incidentOf[id]
}

func (a failureAnalysis) changeFailureRate() ChangeFailureRate {
	c := ChangeFailureRate{Deployments: len(a.live), ByIncident: len(a.incidentOf), ByRollback: len(a.rolledBack)}
	for _, d := range a.live {
		if a.failed(d.ID) {
			c.Failed++
		}
	}
	c.Rate = ratio(c.Failed, c.Deployments)
	if c.Deployments > 0 {
		c.Tier = ptr(changeFailureTier(c.Failed, c.Deployments))
	}
	return c
}

// changeFailureTier applies DORA's bands (elite ≤ 5%, high ≤ 10%, medium
// ≤ 15%) to failed ÷ deployments as exact fractions, cross-multiplied in
// integers, so 1 of 20 is elite however the float rounds.
func changeFailureTier(failed, deployments int) string {
	switch {
	case 100*failed <= 5*deployments:
		return TierElite
	case 100*failed <= 10*deployments:
		return TierHigh
	case 100*failed <= 15*deployments:
		return TierMedium
	}
	return TierLow
}
