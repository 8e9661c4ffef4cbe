package metrics

import (
	"sort"
	"time"
)

// RecoveryTime is failed deployment recovery time. MedianHours and Tier
// are nil when no failure was recovered.
type RecoveryTime struct {
	Failures, Recovered, Unresolved int
	MedianHours                     *float64
	Tier                            *string
}

// Failure causes.
const (
	CauseIncident = "incident"
	CauseRollback = "rollback"
)

// Failure is one recovery_time failure of the details list.
type Failure struct {
	Repository   string
	DeploymentID *int64 // nil for an unattributed incident
	Cause        string // CauseIncident or CauseRollback
	IssueNumber  *int64 // nil for a rollback
	StartedAt    time.Time
	RecoveredAt  *time.Time // nil when unresolved
}

// Recovery computes recovery_time and the failures list.
//
// Every incident created in the window is a failure, attributed or not:
// it starts at its created_at and is recovered at its closed_at. Every
// rollback of a deployment that has no incident attributed is a failure
// too: it starts at the rolled-back deployment's deployed_at and is
// recovered at the rollback's deployed_at. A failure is unresolved when it
// is not recovered before until: still open, or closed (or rolled back
// live) at or after until; its RecoveredAt is then nil even when the
// closing is known. Recovery times are reported as GitHub's timestamps
// give them, never clamped.
//
// Failures are listed newest StartedAt first; ties by repository
// ascending, incidents before rollbacks, then issue number (incidents) or
// deployment ID (rollbacks) descending.
func Recovery(w Window, deployments []Deployment, incidents []Incident) (RecoveryTime, []Failure) {
	return analyseFailures(w, deployments, incidents).recovery()
}

func (a failureAnalysis) recovery() (RecoveryTime, []Failure) {
	recoveredBy := func(t time.Time) *time.Time {
		if t.Before(a.window.Until) {
			return &t
		}
		return nil
	}
	failures := []Failure{}
	for _, inc := range a.incidents {
		f := Failure{Repository: inc.Repository, Cause: CauseIncident, IssueNumber: ptr(inc.Number), StartedAt: inc.CreatedAt}
		if inc.deployment != nil {
			f.DeploymentID = ptr(inc.deployment.ID)
		}
		if inc.ClosedAt != nil {
			f.RecoveredAt = recoveredBy(*inc.ClosedAt)
		}
		failures = append(failures, f)
	}
	for _, d := range a.live {
		n, rolledBack := a.rolledBack[d.ID]
		if !rolledBack || a.incidentOf[d.ID] {
			continue
		}
		failures = append(failures, Failure{
			Repository: d.Repository, DeploymentID: ptr(d.ID), Cause: CauseRollback,
			StartedAt: *d.DeployedAt, RecoveredAt: recoveredBy(*n.DeployedAt),
		})
	}
	sortFailures(failures)

	var times []time.Duration
	for _, f := range failures {
		if f.RecoveredAt != nil {
			times = append(times, f.RecoveredAt.Sub(f.StartedAt))
		}
	}
	r := RecoveryTime{Failures: len(failures), Recovered: len(times), Unresolved: len(failures) - len(times)}
	if len(times) > 0 {
		s := sortedDurations(times)
		r.MedianHours, r.Tier = ptr(s.medianHours()), ptr(recoveryTier(s))
	}
	return r, failures
}

// recoveryTier applies DORA's recovery bands to the median: under an
// hour, a day, a week, or longer.
func recoveryTier(s durations) string {
	switch {
	case s.medianBelow(time.Hour):
		return TierElite
	case s.medianBelow(24 * time.Hour):
		return TierHigh
	case s.medianBelow(168 * time.Hour):
		return TierMedium
	}
	return TierLow
}

func sortFailures(failures []Failure) {
	sort.SliceStable(failures, func(i, j int) bool {
		a, b := failures[i], failures[j]
		if !a.StartedAt.Equal(b.StartedAt) {
			return a.StartedAt.After(b.StartedAt)
		}
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		if a.Cause != b.Cause {
			return a.Cause == CauseIncident
		}
		return failureNumber(a) > failureNumber(b)
	})
}

// failureNumber is what orders same-time failures of one repository and
// cause: the issue number of an incident, the deployment ID of a rollback.
func failureNumber(f Failure) int64 {
	if f.IssueNumber != nil {
		return *f.IssueNumber
	}
	return *f.DeploymentID
}
