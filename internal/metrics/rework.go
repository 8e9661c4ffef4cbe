package metrics

// ReworkRate is the share of the window's successful production
// deployments that were rework. Rate is nil when there were none.
type ReworkRate struct {
	Deployments, Rework int
	Rate                *float64
}

// Rework computes rework_rate. A successful production deployment is
// rework when it is the next one of its stream (by created_at, then ID,
// in the window) after a deployment that failed in production, whatever
// the cause and whether or not it failed too. A stream's failed
// deployment with no next one in the window leaves no rework: the fix
// falls outside the window. Deployments is the same count as
// change_failure_rate's.
func Rework(w Window, deployments []Deployment, incidents []Incident) ReworkRate {
	return analyseFailures(w, deployments, incidents).rework()
}

func (a failureAnalysis) rework() ReworkRate {
	r := ReworkRate{Deployments: len(a.live)}
	for _, d := range a.live {
		// Each deployment is the next of at most one other in its stream,
		// so counting failed deployments that have a next one counts each
		// rework deployment once.
		if _, hasNext := a.next[d.ID]; hasNext && a.failed(d.ID) {
			r.Rework++
		}
	}
	r.Rate = ratio(r.Rework, r.Deployments)
	return r
}
