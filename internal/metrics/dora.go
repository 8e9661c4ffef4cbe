package metrics

import (
	"sort"
	"time"
)

// DORAInput is everything the dxgh_dora_metrics outputs are computed from.
// Each list may hold items outside the window and in any order: the
// functions keep what the definitions take and order it themselves.
type DORAInput struct {
	Window Window
	// Deployments are the production deployments read for the window, with
	// Environment set to the by_environment key (that key, not GitHub's
	// spelling, decides the stream), and SHA, Ref and DeployedAt filled.
	Deployments []Deployment
	// PullRequests are the merged pull requests of the repositories in scope.
	PullRequests []PullRequest
	// Incidents are the issues of the repositories in scope that carry an
	// incident label, pull requests already left out.
	Incidents   []Incident
	IncludeBots bool
}

// DORA is every dxgh_dora_metrics output; Changes and Failures are the
// details lists, always computed (the data source drops them unless asked).
type DORA struct {
	DeploymentFrequency Frequency
	LeadTime            LeadTime
	ChangeFailureRate   ChangeFailureRate
	RecoveryTime        RecoveryTime
	ReworkRate          ReworkRate
	Changes             []Change
	Failures            []Failure
}

// ComputeDORA computes the four DORA keys and rework rate.
func ComputeDORA(in DORAInput) DORA {
	w := in.Window
	out := DORA{DeploymentFrequency: Summarize(w, in.Deployments).Frequency}
	out.LeadTime, out.Changes = LeadTimes(w, in.Deployments, in.PullRequests, in.IncludeBots)
	a := analyseFailures(w, in.Deployments, in.Incidents)
	out.ChangeFailureRate = a.changeFailureRate()
	out.RecoveryTime, out.Failures = a.recovery()
	out.ReworkRate = a.rework()
	return out
}

// Tier names shared by every metric's bands.
const (
	TierElite  = "elite"
	TierHigh   = "high"
	TierMedium = "medium"
	TierLow    = "low"
)

// stream is one repository and one environment key.
type stream struct{ repository, environment string }

// live returns the window's successful production deployments, the only
// ones the DORA keys count, oldest first by created_at then ID (GitHub's
// IDs grow with creation, so ID breaks same-second ties in creation order).
// A successful deployment always has DeployedAt (both come from its first
// success status); requiring it as well keeps a malformed input from
// being timed from a zero time.
func live(w Window, deployments []Deployment) []Deployment {
	var out []Deployment
	for _, d := range deployments {
		if d.Successful && d.DeployedAt != nil && w.Contains(d.CreatedAt) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return createdBefore(out[i], out[j]) })
	return out
}

// createdBefore orders deployments by created_at, then ID.
func createdBefore(a, b Deployment) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return a.ID < b.ID
}

// firstCreatedFrom returns the first deployment of sorted (ordered by
// createdBefore) created at or after t.
func firstCreatedFrom(sorted []Deployment, t time.Time) (Deployment, bool) {
	i := sort.Search(len(sorted), func(i int) bool { return !sorted[i].CreatedAt.Before(t) })
	if i == len(sorted) {
		return Deployment{}, false
	}
	return sorted[i], true
}

// ratio is n ÷ d, nil when d is 0.
func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

func ptr[T any](v T) *T { return &v }
