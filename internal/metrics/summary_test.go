package metrics

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func ok(id int64, repo, env, created string) Deployment {
	return Deployment{ID: id, Repository: repo, Environment: env, CreatedAt: at(created), State: "success", Successful: true}
}

func days(pairs ...any) []DayCount {
	var out []DayCount
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, DayCount{Date: pairs[i].(string), Count: pairs[i+1].(int)})
	}
	return out
}

// zeroDays lists n dates from first, all zero.
func zeroDays(first string, n int) []DayCount {
	d, _ := time.Parse(time.DateOnly, first)
	out := make([]DayCount, n)
	for i := range out {
		out[i] = DayCount{Date: d.AddDate(0, 0, i).Format(time.DateOnly)}
	}
	return out
}

func withCounts(base []DayCount, counts map[string]int) []DayCount {
	for i := range base {
		base[i].Count = counts[base[i].Date]
	}
	return base
}

func TestSummarize(t *testing.T) {
	utc := time.UTC
	cases := []struct {
		name    string
		window  Window
		deps    []Deployment
		total   int
		success int
		failed  int
		perDay  float64 // per_week and per_month are checked as 7× and 30.436875×
		depDays int
		median  float64
		tier    string
		byRepo  map[string]int
		byEnv   map[string]int
		daily   []DayCount
	}{
		{
			name:   "empty window: zeros, low, a zero for every day",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-08T00:00:00Z"), Location: utc},
			tier:   "low", byRepo: map[string]int{}, byEnv: map[string]int{},
			daily: zeroDays("2026-10-01", 7),
		},
		{
			// 3 successful over 3 days = 1/day; one block of 3 days (the
			// only, partial one) with 2 deployment days → median 2 → high.
			name:   "shorter than a week: the partial block is the only one",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-04T00:00:00Z"), Location: utc},
			deps: []Deployment{
				ok(1, "acme/api", "production", "2026-10-01T09:00:00Z"),
				ok(2, "acme/api", "production", "2026-10-01T15:00:00Z"),
				{ID: 3, Repository: "acme/web", Environment: "Production", CreatedAt: at("2026-10-02T09:00:00Z"), State: "failure"},
				ok(4, "acme/web", "Production", "2026-10-03T09:00:00Z"),
			},
			total: 4, success: 3, failed: 1, perDay: 1, depDays: 2, median: 2, tier: "high",
			byRepo: map[string]int{"acme/api": 2, "acme/web": 1},
			byEnv:  map[string]int{"production": 2, "Production": 1},
			daily:  days("2026-10-01", 2, "2026-10-02", 0, "2026-10-03", 1),
		},
		{
			// 10 days: block 10-01..07 has 3 deployment days, the trailing
			// 10-08..10 (none) is dropped → median 3 → elite (counting it
			// would give 1.5 → high). 3/10 = 0.3/day.
			name:   "partial trailing week is dropped",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-11T00:00:00Z"), Location: utc},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-01T10:00:00Z"), ok(2, "r", "p", "2026-10-02T10:00:00Z"), ok(3, "r", "p", "2026-10-03T10:00:00Z"),
			},
			total: 3, success: 3, perDay: 0.3, depDays: 3, median: 3, tier: "elite",
			byRepo: map[string]int{"r": 3}, byEnv: map[string]int{"p": 3},
			daily: withCounts(zeroDays("2026-10-01", 10), map[string]int{"2026-10-01": 1, "2026-10-02": 1, "2026-10-03": 1}),
		},
		{
			// 4 blocks with 1, 2, 4, 0 deployment days → sorted 0,1,2,4 →
			// (1+2)/2 = 1.5 → high. 7 over 28 days = 0.25/day.
			name:   "even number of weeks: median of the two middles",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-29T00:00:00Z"), Location: utc},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-01T10:00:00Z"),
				ok(2, "r", "p", "2026-10-08T10:00:00Z"), ok(3, "r", "p", "2026-10-09T10:00:00Z"),
				ok(4, "r", "p", "2026-10-15T10:00:00Z"), ok(5, "r", "p", "2026-10-16T10:00:00Z"),
				ok(6, "r", "p", "2026-10-17T10:00:00Z"), ok(7, "r", "p", "2026-10-18T10:00:00Z"),
			},
			total: 7, success: 7, perDay: 0.25, depDays: 7, median: 1.5, tier: "high",
			byRepo: map[string]int{"r": 7}, byEnv: map[string]int{"p": 7},
			daily: withCounts(zeroDays("2026-10-01", 28), map[string]int{
				"2026-10-01": 1, "2026-10-08": 1, "2026-10-09": 1, "2026-10-15": 1, "2026-10-16": 1, "2026-10-17": 1, "2026-10-18": 1}),
		},
		{
			// Berlin leaves summer time on 2026-10-25. Window: local
			// 10-24 00:00 (+02) to 10-27 00:00 (+01) = 73 hours. Local
			// dates, not UTC ones or since's offset, decide the day:
			// 21:30Z→10-24 (23:30 +02), 22:30Z→10-25 (00:30 +02),
			// 23:30 +01 on 10-25 (22:30Z)→10-25 (with since's +02 it would
			// be 10-26), 23:30Z on 10-25→10-26 (00:30 +01).
			// 4 ÷ (73/24) = 96/73 per day; one 3-date block, 3 days.
			name:   "day boundaries across Berlin's DST change",
			window: Window{Since: at("2026-10-24T00:00:00+02:00"), Until: at("2026-10-27T00:00:00+01:00"), Location: zone("Europe/Berlin")},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-24T21:30:00Z"), ok(2, "r", "p", "2026-10-24T22:30:00Z"),
				ok(3, "r", "p", "2026-10-25T23:30:00+01:00"), ok(4, "r", "p", "2026-10-25T23:30:00Z"),
			},
			total: 4, success: 4, perDay: 96.0 / 73, depDays: 3, median: 3, tier: "elite",
			byRepo: map[string]int{"r": 4}, byEnv: map[string]int{"p": 4},
			daily: days("2026-10-24", 1, "2026-10-25", 2, "2026-10-26", 1),
		},
		{
			// New York leaves daylight time on 2026-11-01: local 10-31 00:00
			// (-04) to 11-02 00:00 (-05) = 49 hours, two dates. 23:30 local
			// on each side is the next UTC day. 2 ÷ (49/24) = 48/49.
			name:   "day boundaries across New York's DST change",
			window: Window{Since: at("2026-10-31T00:00:00-04:00"), Until: at("2026-11-02T00:00:00-05:00"), Location: zone("America/New_York")},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-31T23:30:00-04:00"), ok(2, "r", "p", "2026-11-01T23:30:00-05:00"),
			},
			total: 2, success: 2, perDay: 48.0 / 49, depDays: 2, median: 2, tier: "high",
			byRepo: map[string]int{"r": 2}, byEnv: map[string]int{"p": 2},
			daily: days("2026-10-31", 1, "2026-11-01", 1),
		},
		{
			// No status: counted, neither successful nor failed. A
			// redeploy of the same SHA is another deployment: 2 successful
			// on one day. 7-day window, 1 deployment day → median 1 → high.
			name:   "no status, and a redeploy of the same SHA",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-08T00:00:00Z"), Location: utc},
			deps: []Deployment{
				{ID: 1, Repository: "r", Environment: "p", CreatedAt: at("2026-10-02T08:00:00Z")},
				ok(2, "r", "p", "2026-10-03T08:00:00Z"), ok(3, "r", "p", "2026-10-03T09:00:00Z"),
			},
			total: 3, success: 2, perDay: 2.0 / 7, depDays: 1, median: 1, tier: "high",
			byRepo: map[string]int{"r": 2}, byEnv: map[string]int{"p": 2},
			daily: withCounts(zeroDays("2026-10-01", 7), map[string]int{"2026-10-03": 2}),
		},
		{
			// Successful then failed (newest state failure): in both counts.
			name:   "failure after success counts as successful and failed",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-08T00:00:00Z"), Location: utc},
			deps: []Deployment{
				{ID: 1, Repository: "r", Environment: "p", CreatedAt: at("2026-10-02T08:00:00Z"), State: "failure", Successful: true},
				{ID: 2, Repository: "r", Environment: "p", CreatedAt: at("2026-10-03T08:00:00Z"), State: "inactive", Successful: true},
				{ID: 3, Repository: "r", Environment: "p", CreatedAt: at("2026-10-04T08:00:00Z"), State: "error"},
			},
			total: 3, success: 2, failed: 2, perDay: 2.0 / 7, depDays: 2, median: 2, tier: "high",
			byRepo: map[string]int{"r": 2}, byEnv: map[string]int{"p": 2},
			daily: withCounts(zeroDays("2026-10-01", 7), map[string]int{"2026-10-02": 1, "2026-10-03": 1}),
		},
		{
			// A window of exactly 30.436875 days (30d 10:29:06) with one
			// deployment: per_month = 1 exactly → medium. Its 31 dates make 4
			// blocks (1,0,0,0 deployment days → median 0).
			name:   "per_month exactly 1 is medium",
			window: Window{Since: at("2026-10-01T00:00:00Z"), Until: at("2026-10-31T10:29:06Z"), Location: utc},
			deps:   []Deployment{ok(1, "r", "p", "2026-10-01T12:00:00Z")},
			total:  1, success: 1, perDay: 1 / 30.436875, depDays: 1, median: 0, tier: "medium",
			byRepo: map[string]int{"r": 1}, byEnv: map[string]int{"p": 1},
			daily: withCounts(zeroDays("2026-10-01", 31), map[string]int{"2026-10-01": 1}),
		},
		{
			// Noon to noon spans 8 dates: block 10-01..07 (1 day) counts,
			// 10-08 is a dropped partial block. Deployments at since and
			// just before until are in; before since and at until are out.
			name:   "window not aligned to midnight",
			window: Window{Since: at("2026-10-01T12:00:00Z"), Until: at("2026-10-08T12:00:00Z"), Location: utc},
			deps: []Deployment{
				ok(1, "r", "p", "2026-10-01T11:59:59Z"), ok(2, "r", "p", "2026-10-01T12:00:00Z"),
				ok(3, "r", "p", "2026-10-08T11:59:59Z"), ok(4, "r", "p", "2026-10-08T12:00:00Z"),
			},
			total: 2, success: 2, perDay: 2.0 / 7, depDays: 2, median: 1, tier: "high",
			byRepo: map[string]int{"r": 2}, byEnv: map[string]int{"p": 2},
			daily: withCounts(zeroDays("2026-10-01", 8), map[string]int{"2026-10-01": 1, "2026-10-08": 1}),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Summarize(tc.window, tc.deps)
			if got.TotalCount != tc.total || got.SuccessfulCount != tc.success || got.FailedCount != tc.failed {
				t.Errorf("counts = %d/%d/%d, want %d/%d/%d", got.TotalCount, got.SuccessfulCount, got.FailedCount, tc.total, tc.success, tc.failed)
			}
			f := got.Frequency
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"per_day", f.PerDay, tc.perDay}, {"per_week", f.PerWeek, 7 * tc.perDay},
				{"per_month", f.PerMonth, 30.436875 * tc.perDay}, {"median_days_per_week", f.MedianDaysPerWeek, tc.median},
			} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			if f.DeploymentDays != tc.depDays || f.DORATier != tc.tier {
				t.Errorf("deployment_days %d tier %q, want %d %q", f.DeploymentDays, f.DORATier, tc.depDays, tc.tier)
			}
			if !reflect.DeepEqual(got.ByRepository, tc.byRepo) || !reflect.DeepEqual(got.ByEnvironment, tc.byEnv) {
				t.Errorf("by_repository %v by_environment %v, want %v %v", got.ByRepository, got.ByEnvironment, tc.byRepo, tc.byEnv)
			}
			if !reflect.DeepEqual(got.Daily, tc.daily) {
				t.Errorf("daily = %v\nwant    %v", got.Daily, tc.daily)
			}
			checkWeeksCoverDaily(t, got)
		})
	}
}

func TestDORABands(t *testing.T) {
	cases := []struct {
		median, perMonth float64
		want             string
	}{
		{3, 0, "elite"}, {2.99, 100, "high"}, {1, 0, "high"}, {0.5, 1, "medium"}, {0.5, 0.99, "low"}, {0, 0, "low"},
	}
	for _, tc := range cases {
		if got := doraTier(tc.median, tc.perMonth); got != tc.want {
			t.Errorf("doraTier(%v, %v) = %q, want %q", tc.median, tc.perMonth, got, tc.want)
		}
	}
}
