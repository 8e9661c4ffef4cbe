package bench

import (
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The bound is the yardstick of every benchmark figure, so its counting
// rules are pinned on a small organisation worked out by hand.
func TestLowerBound(t *testing.T) {
	since := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	until := since.AddDate(0, 0, 30)
	deps := func(env string, n int, start time.Time, statuses int) []sandbox.Deployment {
		var out []sandbox.Deployment
		for i := 0; i < n; i++ {
			d := sandbox.Deployment{Environment: env, ProductionEnvironment: env == "production", CreatedAt: start.Add(time.Duration(i) * time.Hour)}
			for j := 0; j < statuses; j++ {
				d.Statuses = append(d.Statuses, sandbox.Status{State: "success"})
			}
			out = append(out, d)
		}
		return out
	}
	envs := func(n int) []sandbox.Environment {
		out := []sandbox.Environment{{Name: "production"}}
		for i := 1; i < n; i++ {
			out = append(out, sandbox.Environment{Name: "staging"})
		}
		return out
	}
	f := &sandbox.Fixture{
		Installations: []sandbox.Installation{{ID: 1, AppID: 1, Account: sandbox.Account{Login: "o"}, RepositorySelection: "all"}},
		Repositories: []sandbox.Repository{
			// 150 environments: 2 pages. 120 production deployments, all
			// in the window and none older: 2 pages, 120 status pages.
			{FullName: "o/a", Visibility: "private", Environments: envs(150), Deployments: deps("production", 120, since, 1)},
			// 5 in the window and 40 before it: 6 deployments reach back
			// to since, 1 page; 5 status look-ups of 150 statuses, 2 pages each.
			{FullName: "o/b", Visibility: "private", Environments: envs(2),
				Deployments: append(deps("production", 5, since, 150), deps("production", 40, since.AddDate(0, 0, -10), 1)...)},
			// Out of scope: not counted beyond the repository list.
			{FullName: "o/c", Visibility: "public", Environments: envs(1), Deployments: deps("production", 10, since, 1)},
		},
	}
	got := LowerBound(f, 1, connector.Settings{ProductionEnvironments: []string{"production"}}, since, until)
	// Tokens: the installation's repository list's, environments' and deployments'.
	want := Bound{Installations: 1, Tokens: 3, RepositoryPages: 1, EnvironmentPages: 2 + 1, DeploymentPages: 2 + 1, StatusPages: 120 + 5*2, InWindow: 120 + 5}
	if got != want {
		t.Errorf("bound = %+v\nwant    %+v", got, want)
	}
	if got.Total() != 1+3+1+3+3+130 {
		t.Errorf("total = %d", got.Total())
	}
}

// The floor is what the small size's wall time is judged against, so its
// rounds are pinned by hand.
func TestFloor(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		name string
		b    Bound
		c    int
		want time.Duration
	}{
		// 1 installations page, 1 token, 1 repository page, 8 environment
		// pages in one round of 8: 4 rounds; then 8 deployment pages in one
		// round and 48 status pages in 6: 7 rounds. 11 × 20 ms.
		{"small", Bound{Installations: 1, Tokens: 1, RepositoryPages: 1, EnvironmentPages: 8, DeploymentPages: 8, StatusPages: 48}, 8, 220 * ms},
		// 20 repository pages: the first, then 19 in 3 rounds of 8.
		// 1434 environment pages: 180 rounds. 1434 + 9942 deployment and
		// status pages: 1422 rounds, more than 1 + 1243. 1+1+4+180+1422.
		{"large", Bound{Installations: 1, Tokens: 1, RepositoryPages: 20, EnvironmentPages: 1434, DeploymentPages: 1434, StatusPages: 9942}, 8, 1608 * 20 * ms},
		// One request at a time: every request is a round.
		{"serial", Bound{Installations: 1, Tokens: 1, RepositoryPages: 2, EnvironmentPages: 3, DeploymentPages: 3, StatusPages: 5}, 1, 15 * 20 * ms},
	} {
		if got := tc.b.Floor(20*ms, tc.c); got != tc.want {
			t.Errorf("%s: floor = %v, want %v", tc.name, got, tc.want)
		}
	}
}
