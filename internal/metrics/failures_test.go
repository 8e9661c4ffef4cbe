package metrics

import (
	"fmt"
	"reflect"
	"testing"
)

func cfr(deployments, failed, byIncident, byRollback int) ChangeFailureRate {
	c := ChangeFailureRate{Deployments: deployments, Failed: failed, ByIncident: byIncident, ByRollback: byRollback}
	if deployments > 0 {
		c.Rate = f64(float64(failed) / float64(deployments))
		c.Tier = str(changeFailureTier(failed, deployments))
	}
	return c
}

func TestChangeFailures(t *testing.T) {
	// prod() deployments go live 30 minutes after they are created.
	cases := []struct {
		name      string
		deps      []Deployment
		incidents []Incident
		want      ChangeFailureRate
		failed    []int64 // the deployments that failed in production
	}{
		{
			name: "a redeploy of the same sha is not a rollback",
			deps: []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "b", "main", "03-10 12:00")},
			want: cfr(3, 0, 0, 0),
		},
		{
			name: "a rollback: the next deployment returns to a sha deployed before",
			deps: []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00")},
			want: cfr(3, 1, 0, 1), failed: []int64{2},
		},
		{
			// 3 returns to 1's aaa (rolling 2 back); 4 deploys aaa again,
			// a sha seen before 3 but 3's own: a redeploy.
			name: "a redeploy of a sha that was also deployed earlier is not a rollback",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"),
				prod(3, "a", "main", "03-10 12:00"), prod(4, "a", "main", "03-10 13:00"),
			},
			want: cfr(4, 1, 0, 1), failed: []int64{2},
		},
		{
			name: "a new sha is not a rollback",
			deps: []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "c", "main", "03-10 12:00")},
			want: cfr(3, 0, 0, 0),
		},
		{
			name: "returning to a sha last deployed before since is not a rollback",
			deps: []Deployment{prod(1, "a", "main", "02-28 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00")},
			want: cfr(2, 0, 0, 0),
		},
		{
			name: "the next deployment is the next successful one",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"),
				prod(3, "c", "main", "03-10 11:30").unsuccessful(), prod(4, "a", "main", "03-10 12:00"),
			},
			want: cfr(3, 1, 0, 1), failed: []int64{2},
		},
		{
			name: "an attempt at the old sha that never went live is not a rollback",
			deps: []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00").unsuccessful()},
			want: cfr(2, 0, 0, 0),
		},
		{
			name: "a rollback created at until is outside the window",
			deps: []Deployment{prod(1, "a", "main", "03-31 10:00"), prod(2, "b", "main", "03-31 11:00"), prod(3, "a", "main", "04-01 00:00")},
			want: cfr(2, 0, 0, 0),
		},
		{
			name: "the earlier sha must be of the same stream",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00").in("r", "production-eu"),
				prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00"),
			},
			want: cfr(3, 0, 0, 0),
		},
		{
			// The key decides the stream: callers pass the by_environment
			// key, which already merges production and Production.
			name: "environment keys that differ are different streams",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00").in("r", "Production"),
				prod(3, "a", "main", "03-10 12:00"),
			},
			want: cfr(3, 0, 0, 0),
		},
		{
			// Same second: the lower ID was created first, so 1 (a) is
			// before 2 (b), and 3 (a) rolls 2 back.
			name: "same-second deployments: the lower ID was created first (rolled back)",
			deps: []Deployment{prod(3, "a", "main", "03-10 11:00"), prod(2, "b", "main", "03-10 10:00"), prod(1, "a", "main", "03-10 10:00")},
			want: cfr(3, 1, 0, 1), failed: []int64{2},
		},
		{
			// Order 1 (b), 2 (a), 3 (a): 3 redeploys 2's sha.
			name: "same-second deployments: the lower ID was created first (a redeploy)",
			deps: []Deployment{prod(3, "a", "main", "03-10 11:00"), prod(2, "a", "main", "03-10 10:00"), prod(1, "b", "main", "03-10 10:00")},
			want: cfr(3, 0, 0, 0),
		},
		{
			// 1 is created first but goes live at 12:00, after 2 (11:30).
			name:      "an incident is attributed to the latest deployment live before it, by deployed_at",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00").deployedAt("03-10 12:00"), prod(2, "b", "main", "03-10 11:00")},
			incidents: []Incident{incident(7, "03-10 11:45", "")},
			want:      cfr(2, 1, 1, 0), failed: []int64{2},
		},
		{
			name:      "an incident created at a deployment's deployed_at is attributed to it",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00").deployedAt("03-10 12:00"), prod(2, "b", "main", "03-10 11:00")},
			incidents: []Incident{incident(7, "03-10 12:00", "")},
			want:      cfr(2, 1, 1, 0), failed: []int64{1},
		},
		{
			name:      "same deployed_at: the higher ID is the latest",
			deps:      []Deployment{prod(2, "a", "main", "03-10 10:00"), prod(1, "b", "main", "03-10 10:00").in("r", "production-eu")},
			incidents: []Incident{incident(7, "03-10 11:00", "")},
			want:      cfr(2, 1, 1, 0), failed: []int64{2},
		},
		{
			name:      "an incident is attributed in any stream of its repository",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00").in("r", "production-eu")},
			incidents: []Incident{incident(7, "03-10 12:00", "")},
			want:      cfr(2, 1, 1, 0), failed: []int64{2},
		},
		{
			name:      "an incident with no deployment of the window before it is unattributed",
			deps:      []Deployment{prod(1, "a", "main", "02-28 10:00"), prod(2, "b", "main", "03-10 10:00")},
			incidents: []Incident{incident(7, "03-10 10:29:59", "")},
			want:      cfr(1, 0, 0, 0),
		},
		{
			name: "incidents of another repository, or created outside the window, are not attributed",
			deps: []Deployment{prod(1, "a", "main", "02-28 10:00"), prod(2, "b", "main", "03-31 10:00")},
			incidents: []Incident{
				{Repository: "other", Number: 1, CreatedAt: mt("03-31 12:00")},
				incident(2, "04-01 00:00", ""), incident(3, "02-28 12:00", ""),
			},
			want: cfr(1, 0, 0, 0),
		},
		{
			name:      "a deployment that never went live is not counted nor attributed",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00").unsuccessful()},
			incidents: []Incident{incident(7, "03-10 12:00", "")},
			want:      cfr(1, 1, 1, 0), failed: []int64{1},
		},
		{
			// 2 is rolled back by 3, and #7 (11:45) is attributed to 2
			// (live 11:30, before 3 at 12:30).
			name:      "both causes: once in failed, once in each by_",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00")},
			incidents: []Incident{incident(7, "03-10 11:45", "")},
			want:      cfr(3, 1, 1, 1), failed: []int64{2},
		},
		{
			name:      "several incidents on one deployment: it failed once",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00")},
			incidents: []Incident{incident(7, "03-10 12:00", ""), incident(8, "03-10 13:00", "03-10 14:00")},
			want:      cfr(2, 1, 1, 0), failed: []int64{2},
		},
		{
			name:      "no deployments: rate and tier null",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00").unsuccessful()},
			incidents: []Incident{incident(7, "03-10 12:00", "")},
			want:      ChangeFailureRate{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ChangeFailures(march, tc.deps, tc.incidents); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("change_failure_rate = %s\nwant                  %s", showChangeFailureRate(got), showChangeFailureRate(tc.want))
			}
			a := analyseFailures(march, tc.deps, tc.incidents)
			var failed []int64
			for _, d := range a.live {
				if a.failed(d.ID) {
					failed = append(failed, d.ID)
				}
			}
			if !reflect.DeepEqual(failed, tc.failed) {
				t.Errorf("failed in production: %v, want %v", failed, tc.failed)
			}
		})
	}
}

func TestChangeFailureRateExactFraction(t *testing.T) {
	var deps []Deployment
	for i := range 20 {
		deps = append(deps, prod(int64(i+1), fmt.Sprint("s", i), "main", fmt.Sprintf("03-%02d 10:00", i+2)))
	}
	got := ChangeFailures(march, deps, []Incident{incident(7, "03-05 12:00", "")})
	if *got.Rate != 0.05 || *got.Tier != "elite" {
		t.Errorf("1 of 20: rate %v tier %q, want 0.05 elite", *got.Rate, *got.Tier)
	}
}

// Just below, at and just above each band's upper bound, as fractions.
func TestChangeFailureTiers(t *testing.T) {
	cases := []struct {
		failed, deployments int
		want                string
	}{
		{0, 1, "elite"},
		{1, 21, "elite"}, {1, 20, "elite"}, {1, 19, "high"},
		{5, 101, "elite"}, {5, 100, "elite"}, {5, 99, "high"},
		{2, 21, "high"}, {2, 20, "high"}, {2, 19, "medium"},
		{10, 101, "high"}, {10, 100, "high"}, {10, 99, "medium"},
		{3, 21, "medium"}, {3, 20, "medium"}, {3, 19, "low"},
		{15, 101, "medium"}, {15, 100, "medium"}, {15, 99, "low"},
		{1, 1, "low"},
	}
	for _, tc := range cases {
		if got := changeFailureTier(tc.failed, tc.deployments); got != tc.want {
			t.Errorf("%d of %d: tier %q, want %q", tc.failed, tc.deployments, got, tc.want)
		}
	}
}
