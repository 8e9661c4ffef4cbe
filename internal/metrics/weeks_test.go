package metrics

import (
	"reflect"
	"testing"
	"time"
)

// week is a Week in table order: start, days, deployment days, successful.
func week(start string, days, deploymentDays, successful int) Week {
	return Week{Start: start, Days: days, DeploymentDays: deploymentDays, SuccessfulCount: successful, Partial: days < 7}
}

func dropped(w Week) Week { w.Dropped = true; return w }

// TestWeekly checks the blocks Summarize lists and the median it takes over
// them together, so the two cannot drift apart.
func TestWeekly(t *testing.T) {
	cases := []struct {
		name   string
		window Window
		deps   []Deployment
		weekly []Week
		median float64
		tier   string
	}{
		{
			// 28 dates: four full blocks, none partial or dropped. Days
			// 1, 2, 3, 0 → sorted 0,1,2,3 → 1.5. The two on 10-08 are one day.
			name:   "exactly 28 days",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-29T00:00:00Z"), Location: time.UTC},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-01T10:00:00Z"),
				ok(2, "r", "p", "2026-10-08T10:00:00Z"), ok(3, "r", "p", "2026-10-08T11:00:00Z"), ok(4, "r", "p", "2026-10-14T23:59:59Z"),
				ok(5, "r", "p", "2026-10-15T00:00:00Z"), ok(6, "r", "p", "2026-10-16T10:00:00Z"), ok(7, "r", "p", "2026-10-17T10:00:00Z"),
			},
			weekly: []Week{
				week("2026-10-01", 7, 1, 1), week("2026-10-08", 7, 2, 3),
				week("2026-10-15", 7, 3, 3), week("2026-10-22", 7, 0, 0),
			},
			median: 1.5, tier: "high",
		},
		{
			// 30 dates: four full blocks and a trailing 2-date block, listed
			// with its deployments but dropped. Counting it (3 days) would
			// make the median 3 → elite; without it: 0,0,1,3 → 0.5, and
			// 7 per 30 days is per_month ≥ 1 → medium.
			name:   "30 days: the trailing 2-day block is dropped",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-31T00:00:00Z"), Location: time.UTC},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-02T10:00:00Z"), ok(2, "r", "p", "2026-10-03T10:00:00Z"), ok(3, "r", "p", "2026-10-04T10:00:00Z"),
				ok(4, "r", "p", "2026-10-09T10:00:00Z"),
				ok(5, "r", "p", "2026-10-29T10:00:00Z"), ok(6, "r", "p", "2026-10-30T10:00:00Z"), ok(7, "r", "p", "2026-10-30T11:00:00Z"),
			},
			weekly: []Week{
				week("2026-10-01", 7, 3, 3), week("2026-10-08", 7, 1, 1), week("2026-10-15", 7, 0, 0),
				week("2026-10-22", 7, 0, 0), dropped(week("2026-10-29", 2, 2, 3)),
			},
			median: 0.5, tier: "medium",
		},
		{
			// 3 dates: the only block is partial and still counts.
			name:   "3 days: the only block is partial and kept",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-04T00:00:00Z"), Location: time.UTC},
			deps:   []Deployment{ok(1, "r", "p", "2026-10-01T10:00:00Z"), ok(2, "r", "p", "2026-10-03T10:00:00Z")},
			weekly: []Week{week("2026-10-01", 3, 2, 2)},
			median: 2, tier: "high",
		},
		{
			// Since 23:00 in Tokyo (14:00Z): the first block starts at since's
			// local date, 10-01, not its UTC date, and a week of window
			// spans 8 dates: a full block and a dropped 1-date one. 15:30Z
			// on 10-02 is 10-03 in Tokyo; 14:30Z on 10-08 is 10-08 23:30.
			name:   "since at 23:00 in Tokyo",
			window: Window{Since: at("2026-10-01T23:00:00+09:00"), Until: at("2026-10-08T23:59:00+09:00"), Location: zone("Asia/Tokyo")},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-01T22:59:00+09:00"), // before since: out
				ok(2, "r", "p", "2026-10-01T23:30:00+09:00"),
				ok(3, "r", "p", "2026-10-02T15:30:00Z"),
				ok(4, "r", "p", "2026-10-08T14:30:00Z"),
			},
			weekly: []Week{week("2026-10-01", 7, 2, 2), dropped(week("2026-10-08", 1, 1, 1))},
			median: 2, tier: "high",
		},
		{
			// Berlin leaves summer time on Sunday 2026-10-25: two full
			// blocks of local dates, 10-19..25 and 10-26..11-01, although
			// the window is 14 days and an hour. 23:30 +01 on 10-25 is in
			// the first block (with since's +02 it would be 10-26); 00:30
			// +01 on 10-26 is in the second; until itself is out.
			name:   "across Berlin's DST change",
			window: Window{Since: at("2026-10-19T00:00:00+02:00"), Until: at("2026-11-02T00:00:00+01:00"), Location: zone("Europe/Berlin")},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-19T10:00:00+02:00"), ok(2, "r", "p", "2026-10-25T23:30:00+01:00"),
				ok(3, "r", "p", "2026-10-26T00:30:00+01:00"), ok(4, "r", "p", "2026-10-27T10:00:00+01:00"),
				ok(5, "r", "p", "2026-11-01T23:30:00+01:00"), ok(6, "r", "p", "2026-11-02T00:00:00+01:00"),
			},
			weekly: []Week{week("2026-10-19", 7, 2, 2), week("2026-10-26", 7, 3, 3)},
			median: 2.5, tier: "high",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sum := Summarize(tc.window, tc.deps)
			if !reflect.DeepEqual(sum.Weekly, tc.weekly) {
				t.Errorf("weekly:\n got %+v\nwant %+v", sum.Weekly, tc.weekly)
			}
			if f := sum.Frequency; f.MedianDaysPerWeek != tc.median || f.DORATier != tc.tier {
				t.Errorf("median_days_per_week %v tier %q, want %v %q", f.MedianDaysPerWeek, f.DORATier, tc.median, tc.tier)
			}
			checkWeeksCoverDaily(t, sum)
		})
	}
}

// checkWeeksCoverDaily: the blocks are daily cut into sevens, so their days
// and successful counts add up to daily's.
func checkWeeksCoverDaily(t *testing.T, sum Summary) {
	t.Helper()
	i := 0
	for _, w := range sum.Weekly {
		if i >= len(sum.Daily) || sum.Daily[i].Date != w.Start {
			t.Fatalf("block %s does not start at daily[%d]", w.Start, i)
		}
		n := 0
		for _, d := range sum.Daily[i : i+w.Days] {
			n += d.Count
		}
		if n != w.SuccessfulCount {
			t.Errorf("block %s: successful_count %d, daily adds up to %d", w.Start, w.SuccessfulCount, n)
		}
		i += w.Days
	}
	if i != len(sum.Daily) {
		t.Errorf("blocks cover %d of %d dates", i, len(sum.Daily))
	}
}
