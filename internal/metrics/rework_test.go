package metrics

import (
	"reflect"
	"testing"
)

func rework(deployments, n int) ReworkRate {
	r := ReworkRate{Deployments: deployments, Rework: n}
	if deployments > 0 {
		r.Rate = f64(float64(n) / float64(deployments))
	}
	return r
}

func TestRework(t *testing.T) {
	// prod() deployments go live 30 minutes after they are created.
	cases := []struct {
		name      string
		deps      []Deployment
		incidents []Incident
		want      ReworkRate
	}{
		{
			name: "the deployment after a rolled-back one is rework",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"),
				prod(3, "a", "main", "03-10 12:00"), prod(4, "c", "main", "03-10 13:00"),
			},
			want: rework(4, 1), // 3
		},
		{
			name:      "the deployment after one attributed an incident is rework",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "c", "main", "03-10 12:00")},
			incidents: []Incident{incident(7, "03-10 10:45", "")},
			want:      rework(3, 1), // 2
		},
		{
			name:      "a failed deployment with no next one in the window leaves no rework",
			deps:      []Deployment{prod(1, "a", "main", "03-31 10:00"), prod(2, "b", "main", "04-01 00:00")},
			incidents: []Incident{incident(7, "03-31 11:00", "")},
			want:      rework(1, 0),
		},
		{
			name:      "rework is the next deployment of the same stream",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00").in("r", "production-eu")},
			incidents: []Incident{incident(7, "03-10 10:45", "")},
			want:      rework(2, 0),
		},
		{
			name: "environment keys that are the same are one stream",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00").in("r", "Production"), prod(2, "b", "main", "03-10 11:00").in("r", "Production"),
			},
			incidents: []Incident{incident(7, "03-10 10:45", "")},
			want:      rework(2, 1),
		},
		{
			// 2 is rolled back by 3 (a, as 1 had), 3 by 4 (b, as 2 had).
			name: "a rework deployment can itself fail",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"),
				prod(3, "a", "main", "03-10 12:00"), prod(4, "b", "main", "03-10 13:00"),
			},
			want: rework(4, 2), // 3 and 4
		},
		{
			name:      "a deployment with both causes is followed by one rework",
			deps:      []Deployment{prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00"), prod(3, "a", "main", "03-10 12:00")},
			incidents: []Incident{incident(7, "03-10 11:45", "")},
			want:      rework(3, 1),
		},
		{
			name: "an attempt that never went live is not rework; the next live one is",
			deps: []Deployment{
				prod(1, "a", "main", "03-10 10:00"), prod(2, "b", "main", "03-10 11:00").unsuccessful(), prod(3, "c", "main", "03-10 12:00"),
			},
			incidents: []Incident{incident(7, "03-10 10:45", "")},
			want:      rework(2, 1), // 3
		},
		{
			name: "no deployments: rate null",
			want: ReworkRate{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Rework(march, tc.deps, tc.incidents); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rework_rate = %s, want %s", showReworkRate(got), showReworkRate(tc.want))
			}
		})
	}
}
