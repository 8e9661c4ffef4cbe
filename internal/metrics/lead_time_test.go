package metrics

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

func delivered(changes, n int, median, p90, mergeToDeploy float64, tier string) LeadTime {
	return LeadTime{Changes: changes, Delivered: n, Undelivered: changes - n,
		MedianHours: &median, P90Hours: &p90, MedianMergeToDeployHours: &mergeToDeploy, Tier: &tier}
}

func noneDelivered(changes int) LeadTime { return LeadTime{Changes: changes, Undelivered: changes} }

func TestLeadTimes(t *testing.T) {
	rebased := pr(10, "s1", "03-10 10:00")
	rebased.FirstCommitAt = mtp("03-10 10:05") // committed after the merge: lead time starts at the merge
	noFirstCommit := pr(10, "s1", "03-10 10:00")
	noFirstCommit.FirstCommitAt = nil
	release := pr(10, "s1", "03-10 10:00")
	release.BaseBranch = "release"
	bot := pr(11, "s2", "03-10 10:00")
	bot.AuthorIsBot = true

	// pr() merges at the given time with its first commit an hour earlier;
	// prod() goes live 30 minutes after it is created.
	cases := []struct {
		name  string
		deps  []Deployment
		pulls []PullRequest
		bots  bool
		want  LeadTime
		by    map[int64]int64 // pull request number → delivering deployment ID, 0 = undelivered
	}{
		{
			// 12:30 − 09:00 = 3.5 h; merge to deploy 2.5 h.
			name:  "by sha: the merge commit's deployment beats an earlier one of the base branch",
			deps:  []Deployment{prod(1, "x", "main", "03-10 11:00"), prod(2, "s1", "main", "03-10 12:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 3.5, 3.5, 2.5, "elite"), by: map[int64]int64{10: 2},
		},
		{
			name:  "by sha: the earliest deployment of that sha (a redeploy does not move it)",
			deps:  []Deployment{prod(2, "s1", "main", "03-10 12:00"), prod(1, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name: "by base branch main when no deployment has the merge commit; other refs do not match",
			deps: []Deployment{
				prod(1, "x", "feature", "03-10 11:00"), prod(2, "x", "mainline", "03-10 11:10"),
				prod(3, "x", "refs/tags/main", "03-10 11:20"), prod(4, "y", "main", "03-10 12:00"),
			},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 3.5, 3.5, 2.5, "elite"), by: map[int64]int64{10: 4},
		},
		{
			name:  "by base branch: a deployment of refs/heads/main matches base main",
			deps:  []Deployment{prod(1, "x", "feature", "03-10 11:00"), prod(2, "y", "refs/heads/main", "03-10 12:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 3.5, 3.5, 2.5, "elite"), by: map[int64]int64{10: 2},
		},
		{
			name:  "by time only: the base branch was never deployed, the earliest deployment delivers",
			deps:  []Deployment{prod(2, "y", "main", "03-10 12:00"), prod(1, "x", "feature", "03-10 11:00")},
			pulls: []PullRequest{release},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			// The merge commit went out a second before merged_at, so only
			// the later deployment of another ref is a candidate.
			name:  "a deployment created before merged_at never delivers",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 09:59:59"), prod(2, "x", "feature", "03-10 11:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 2},
		},
		{
			name:  "a deployment created exactly at merged_at delivers",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 10:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 1.5, 1.5, 0.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "undelivered: nothing was deployed after the merge",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 09:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  noneDelivered(1), by: map[int64]int64{10: 0},
		},
		{
			name:  "undelivered: the only later deployment is created at until",
			deps:  []Deployment{prod(1, "s1", "main", "04-01 00:00")},
			pulls: []PullRequest{pr(10, "s1", "03-31 10:00")},
			want:  noneDelivered(1), by: map[int64]int64{10: 0},
		},
		{
			name: "undelivered: the later deployments never succeeded or are another repository's",
			deps: []Deployment{
				prod(1, "s1", "main", "03-10 11:00").unsuccessful(),
				prod(2, "s1", "main", "03-10 12:00").in("other", "production"),
			},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  noneDelivered(1), by: map[int64]int64{10: 0},
		},
		{
			name:  "a deployment to another production environment of the repository delivers",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 11:00").in("r", "production-eu")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "candidates created in the same second: the lower ID delivers",
			deps:  []Deployment{prod(5, "s1", "main", "03-10 11:00"), prod(4, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00")},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 4},
		},
		{
			// Created before until, live after it: bounded by created_at.
			name:  "a delivering deployment that went live after until still delivers",
			deps:  []Deployment{prod(1, "s1", "main", "03-31 23:50").deployedAt("04-01 01:00")},
			pulls: []PullRequest{pr(10, "s1", "03-31 23:00")},
			want:  delivered(1, 1, 3, 3, 2, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "lead time starts at merged_at when the first commit is later",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{rebased},
			want:  delivered(1, 1, 1.5, 1.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "lead time starts at merged_at when the first commit's date is unknown",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{noFirstCommit},
			want:  delivered(1, 1, 1.5, 1.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "bots excluded by default",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00"), bot},
			want:  delivered(1, 1, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 1},
		},
		{
			name:  "bots included",
			deps:  []Deployment{prod(1, "s1", "main", "03-10 11:00")},
			pulls: []PullRequest{pr(10, "s1", "03-10 10:00"), bot},
			bots:  true,
			want:  delivered(2, 2, 2.5, 2.5, 1.5, "elite"), by: map[int64]int64{10: 1, 11: 1},
		},
		{
			name: "merged before since or at until: not changes; merged at since is",
			deps: []Deployment{prod(1, "s1", "main", "03-01 00:00")},
			pulls: []PullRequest{
				pr(10, "s1", "02-28 23:59:59"), pr(11, "s1", "03-01 00:00"), pr(12, "s1", "04-01 00:00"),
			},
			want: delivered(1, 1, 1.5, 1.5, 0.5, "elite"), by: map[int64]int64{11: 1},
		},
		{
			name: "no changes: counts 0, hours and tier null",
			deps: []Deployment{prod(1, "s1", "main", "03-10 11:00")},
			want: noneDelivered(0), by: map[int64]int64{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, changes := LeadTimes(march, tc.deps, tc.pulls, tc.bots)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("lead_time = %s\nwant        %s", showLeadTime(got), showLeadTime(tc.want))
			}
			by := map[int64]int64{}
			for _, c := range changes {
				by[c.Number] = 0
				if c.DeploymentID != nil {
					by[c.Number] = *c.DeploymentID
				}
				if (c.DeploymentID == nil) != (c.LeadTimeHours == nil) {
					t.Errorf("change %d: deployment_id and lead_time_hours must be null together", c.Number)
				}
			}
			if !reflect.DeepEqual(by, tc.by) {
				t.Errorf("delivering deployments = %v, want %v", by, tc.by)
			}
		})
	}
}

// Lead times of 1, 2 and 10 changes, each in its own repository and live
// the given number of hours after its merge (no first commit, so lead time
// and merge-to-deploy are equal).
func TestLeadTimePercentiles(t *testing.T) {
	cases := []struct {
		hours       []int
		median, p90 float64
	}{
		{hours: []int{4}, median: 4, p90: 4},
		{hours: []int{8, 3}, median: 5.5, p90: 8},                          // ⌈1.8⌉ = 2nd
		{hours: []int{7, 2, 10, 1, 9, 4, 3, 8, 6, 5}, median: 5.5, p90: 9}, // (5+6)/2; ⌈9⌉ = 9th
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(len(tc.hours), " values"), func(t *testing.T) {
			var deps []Deployment
			var pulls []PullRequest
			for i, h := range tc.hours {
				repo := fmt.Sprint("r", i)
				p := pr(int64(i+1), "s", "03-10 10:00")
				p.Repository, p.FirstCommitAt = repo, nil
				pulls = append(pulls, p)
				live := p.MergedAt.Add(time.Duration(h) * time.Hour)
				d := prod(int64(i+1), "s", "main", "03-10 10:00").in(repo, "production")
				d.DeployedAt = &live
				deps = append(deps, d)
			}
			got, _ := LeadTimes(march, deps, pulls, false)
			if *got.MedianHours != tc.median || *got.P90Hours != tc.p90 || *got.MedianMergeToDeployHours != tc.median {
				t.Errorf("median %v p90 %v merge-to-deploy %v, want %v %v %v",
					*got.MedianHours, *got.P90Hours, *got.MedianMergeToDeployHours, tc.median, tc.p90, tc.median)
			}
		})
	}
}

// The nearest rank is ⌈0.9·n⌉ for every n, including those where 0.9·n
// is a whole number (10, 20) and where float rounding could push it over.
func TestP90NearestRank(t *testing.T) {
	for n, rank := range map[int]int{1: 1, 2: 2, 5: 5, 9: 9, 10: 9, 11: 10, 19: 18, 20: 18, 21: 19, 30: 27, 100: 90, 101: 91} {
		var s []time.Duration
		for i := n; i >= 1; i-- {
			s = append(s, time.Duration(i)*time.Hour)
		}
		if got := sortedDurations(s).p90Hours(); got != float64(rank) {
			t.Errorf("p90 of 1..%d h = %v, want the %d-th smallest", n, got, rank)
		}
	}
}

func TestLeadTimeTiers(t *testing.T) {
	const s = time.Second
	h := time.Hour
	cases := []struct {
		median []time.Duration
		want   string
	}{
		{[]time.Duration{24*h - s}, "elite"}, {[]time.Duration{24 * h}, "high"}, {[]time.Duration{24*h + s}, "high"},
		{[]time.Duration{168*h - s}, "high"}, {[]time.Duration{168 * h}, "medium"}, {[]time.Duration{168*h + s}, "medium"},
		{[]time.Duration{730*h - s}, "medium"}, {[]time.Duration{730 * h}, "low"}, {[]time.Duration{730*h + s}, "low"},
		// Even counts: the average of the two middle values decides.
		{[]time.Duration{23 * h, 25*h - s}, "elite"}, {[]time.Duration{23 * h, 25 * h}, "high"},
	}
	for _, tc := range cases {
		if got := leadTimeTier(sortedDurations(tc.median)); got != tc.want {
			t.Errorf("lead time tier of %v = %q, want %q", tc.median, got, tc.want)
		}
	}
	// And through LeadTimes: exactly a day is high.
	d := prod(1, "s1", "main", "03-10 10:00").deployedAt("03-11 10:00")
	p := pr(10, "s1", "03-10 10:00")
	p.FirstCommitAt = nil
	if got, _ := LeadTimes(march, []Deployment{d}, []PullRequest{p}, false); *got.MedianHours != 24 || *got.Tier != "high" {
		t.Errorf("a 24 h lead time: median %v tier %q, want 24 high", *got.MedianHours, *got.Tier)
	}
}

func TestChangesList(t *testing.T) {
	in := func(repo string, p PullRequest) PullRequest { p.Repository = repo; return p }
	deps := []Deployment{prod(7, "s", "main", "03-11 11:00").in("a", "production")}
	pulls := []PullRequest{
		in("b", pr(1, "s", "03-10 10:00")), in("a", pr(2, "s", "03-10 10:00")),
		in("a", pr(5, "s", "03-10 10:00")), in("a", pr(3, "s", "03-11 10:00")),
	}
	_, got := LeadTimes(march, deps, pulls, false)
	// Newest merge first; same merged_at: repository ascending, then number
	// descending. a#3 merged 10:00, live 11:30, first commit 09:00: 2.5 h.
	// a#5 and a#2 wait for the same deployment: 26.5 h; b has none.
	want := []Change{
		{Repository: "a", Number: 3, MergedAt: mt("03-11 10:00"), DeploymentID: i64(7), LeadTimeHours: f64(2.5)},
		{Repository: "a", Number: 5, MergedAt: mt("03-10 10:00"), DeploymentID: i64(7), LeadTimeHours: f64(26.5)},
		{Repository: "a", Number: 2, MergedAt: mt("03-10 10:00"), DeploymentID: i64(7), LeadTimeHours: f64(26.5)},
		{Repository: "b", Number: 1, MergedAt: mt("03-10 10:00")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes =\n%s\nwant\n%s", showChanges(got), showChanges(want))
	}
}
