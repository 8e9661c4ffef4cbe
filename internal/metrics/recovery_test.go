package metrics

import (
	"reflect"
	"testing"
	"time"
)

func recovered(failures, n int, median float64, tier string) RecoveryTime {
	return RecoveryTime{Failures: failures, Recovered: n, Unresolved: failures - n, MedianHours: &median, Tier: &tier}
}

func incidentFailure(repo string, number int64, deployment int64, started, recoveredAt string) Failure {
	f := Failure{Repository: repo, Cause: CauseIncident, IssueNumber: i64(number), StartedAt: mt(started), RecoveredAt: mtp(recoveredAt)}
	if deployment != 0 {
		f.DeploymentID = i64(deployment)
	}
	return f
}

func rollbackFailure(repo string, deployment int64, started, recoveredAt string) Failure {
	return Failure{Repository: repo, Cause: CauseRollback, DeploymentID: i64(deployment), StartedAt: mt(started), RecoveredAt: mtp(recoveredAt)}
}

func TestRecovery(t *testing.T) {
	// prod() deployments go live 30 minutes after they are created.
	rolledBack := []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00")}
	cases := []struct {
		name      string
		deps      []Deployment
		incidents []Incident
		want      RecoveryTime
		failures  []Failure
	}{
		{
			name:      "a closed incident recovers at closed_at, from created_at",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00")},
			incidents: []Incident{incident(7, "03-10 12:00", "03-10 14:30")},
			want:      recovered(1, 1, 2.5, "high"),
			failures:  []Failure{incidentFailure("r", 7, 1, "03-10 12:00", "03-10 14:30")},
		},
		{
			name:      "an incident with no deployment before it is unattributed, still a failure",
			deps:      []Deployment{prod(1, "a", "main", "03-10 13:00")},
			incidents: []Incident{incident(7, "03-10 12:00", "03-10 12:30")},
			want:      recovered(1, 1, 0.5, "elite"),
			failures:  []Failure{incidentFailure("r", 7, 0, "03-10 12:00", "03-10 12:30")},
		},
		{
			name:      "an open incident is unresolved: median and tier null",
			incidents: []Incident{incident(7, "03-10 12:00", "")},
			want:      RecoveryTime{Failures: 1, Unresolved: 1},
			failures:  []Failure{incidentFailure("r", 7, 0, "03-10 12:00", "")},
		},
		{
			name:      "closed at until is unresolved; closed just before until is recovered",
			incidents: []Incident{incident(7, "03-31 20:00", "04-01 00:00"), incident(8, "03-31 20:00", "03-31 23:59:59")},
			want:      recovered(2, 1, 14399.0/3600, "high"),
			failures: []Failure{
				incidentFailure("r", 8, 0, "03-31 20:00", "03-31 23:59:59"),
				incidentFailure("r", 7, 0, "03-31 20:00", ""),
			},
		},
		{
			// 2 went live 11:30; 3, the rollback, 12:30.
			name:     "a rollback fails from the rolled-back deployment's deployed_at to the rollback's",
			deps:     rolledBack,
			want:     recovered(1, 1, 1, "high"),
			failures: []Failure{rollbackFailure("r", 2, "03-10 11:30", "03-10 12:30")},
		},
		{
			name: "a rollback that goes live at until is unresolved",
			deps: []Deployment{
				prod(1, "a", "main", "03-31 10:00"), prod(2, "b", "main", "03-31 11:00"),
				prod(3, "a", "main", "03-31 23:50").deployedAt("04-01 00:00"),
			},
			want:     RecoveryTime{Failures: 1, Unresolved: 1},
			failures: []Failure{rollbackFailure("r", 2, "03-31 11:30", "")},
		},
		{
			name:      "a rollback also attributed an incident is not a separate failure",
			deps:      rolledBack,
			incidents: []Incident{incident(7, "03-10 11:45", "03-10 13:45")},
			want:      recovered(1, 1, 2, "high"),
			failures:  []Failure{incidentFailure("r", 7, 2, "03-10 11:45", "03-10 13:45")},
		},
		{
			name:      "several incidents on one deployment are several failures",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00")},
			incidents: []Incident{incident(7, "03-10 12:00", "03-10 12:30"), incident(8, "03-10 13:00", "03-10 14:00")},
			want:      recovered(2, 2, 0.75, "elite"),
			failures: []Failure{
				incidentFailure("r", 8, 1, "03-10 13:00", "03-10 14:00"),
				incidentFailure("r", 7, 1, "03-10 12:00", "03-10 12:30"),
			},
		},
		{
			name:      "incidents created outside the window are not failures",
			incidents: []Incident{incident(7, "02-28 12:00", ""), incident(8, "04-01 00:00", "")},
			want:      RecoveryTime{},
			failures:  []Failure{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, failures := Recovery(march, tc.deps, tc.incidents)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("recovery_time = %s\nwant            %s", showRecoveryTime(got), showRecoveryTime(tc.want))
			}
			if !reflect.DeepEqual(failures, tc.failures) {
				t.Errorf("failures =\n%s\nwant\n%s", showFailures(failures), showFailures(tc.failures))
			}
		})
	}
}

// Failures at one started_at sort by repository, incidents before
// rollbacks, then issue number or deployment ID descending.
func TestFailuresOrder(t *testing.T) {
	in := func(env string, d Deployment) Deployment { return d.in("a", env) }
	deps := []Deployment{
		// a/production: 2 (live 10:30) rolled back by 3 (live 11:30).
		in("production", prod(1, "w", "main", "03-10 09:00")), in("production", prod(2, "x", "main", "03-10 10:00")),
		in("production", prod(3, "w", "main", "03-10 11:00")),
		// a/production-us: 8 (live 10:30) rolled back by 9 (live 11:30).
		in("production-us", prod(6, "p", "main", "03-10 09:00")), in("production-us", prod(8, "q", "main", "03-10 10:00")),
		in("production-us", prod(9, "p", "main", "03-10 11:00")),
		// a/production-eu: 50, also live 10:30, the latest then by ID, so
		// the 10:30 incidents are 50's, and 2's and 8's rollbacks count.
		in("production-eu", prod(50, "y", "main", "03-10 10:00")),
	}
	incidents := []Incident{
		{Repository: "b", Number: 1, CreatedAt: mt("03-10 10:30")},
		{Repository: "a", Number: 3, CreatedAt: mt("03-10 10:30")},
		{Repository: "a", Number: 4, CreatedAt: mt("03-12 00:00")},
		{Repository: "a", Number: 9, CreatedAt: mt("03-10 10:30")},
	}
	got, failures := Recovery(march, deps, incidents)
	want := []Failure{
		incidentFailure("a", 4, 9, "03-12 00:00", ""), // 3 and 9 went live at 11:30: 9, the higher ID
		incidentFailure("a", 9, 50, "03-10 10:30", ""),
		incidentFailure("a", 3, 50, "03-10 10:30", ""),
		rollbackFailure("a", 8, "03-10 10:30", "03-10 11:30"),
		rollbackFailure("a", 2, "03-10 10:30", "03-10 11:30"),
		incidentFailure("b", 1, 0, "03-10 10:30", ""),
	}
	if !reflect.DeepEqual(failures, want) {
		t.Errorf("failures =\n%s\nwant\n%s", showFailures(failures), showFailures(want))
	}
	if w := recovered(6, 2, 1, "high"); !reflect.DeepEqual(got, w) {
		t.Errorf("recovery_time = %s, want %s", showRecoveryTime(got), showRecoveryTime(w))
	}
}

func TestRecoveryTiers(t *testing.T) {
	const s = time.Second
	h := time.Hour
	cases := []struct {
		median time.Duration
		want   string
	}{
		{h - s, "elite"}, {h, "high"}, {h + s, "high"},
		{24*h - s, "high"}, {24 * h, "medium"}, {24*h + s, "medium"},
		{168*h - s, "medium"}, {168 * h, "low"}, {168*h + s, "low"},
	}
	for _, tc := range cases {
		if got := recoveryTier(sortedDurations([]time.Duration{tc.median})); got != tc.want {
			t.Errorf("recovery tier of %v = %q, want %q", tc.median, got, tc.want)
		}
	}
	// Even counts average the middle two: 30 min and 90 min make an hour.
	if got := recoveryTier(sortedDurations([]time.Duration{30 * time.Minute, 90 * time.Minute})); got != "high" {
		t.Errorf("median of 30 and 90 minutes: tier %q, want high", got)
	}
}
