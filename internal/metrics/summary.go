package metrics

import (
	"sort"
	"time"
)

// Window is the time window [Since, Until) and the zone whose calendar days
// bucket it.
type Window struct {
	Since, Until time.Time
	Location     *time.Location
}

// Contains reports whether t is in [Since, Until).
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Since) && t.Before(w.Until) }

func (w Window) location() *time.Location {
	if w.Location == nil {
		return time.UTC
	}
	return w.Location
}

// Deployment is a production deployment, reduced to what the metrics need.
// Environment is the by_environment key (callers group case variants), so
// Repository and Environment together name the deployment's stream.
type Deployment struct {
	ID          int64
	Repository  string
	Environment string
	SHA         string
	Ref         string // as GitHub gives it: "main", "refs/heads/main", a tag or a sha
	CreatedAt   time.Time
	DeployedAt  *time.Time // first "success" status (DeployedAt); nil when none
	State       string     // newest status's state; "" when none
	Successful  bool       // reached "success" at some point
}

// Frequency is deployment frequency over the window.
type Frequency struct {
	PerDay, PerWeek, PerMonth float64
	DeploymentDays            int
	MedianDaysPerWeek         float64
	DORATier                  string
}

// DayCount is the successful deployments created on one local date.
type DayCount struct {
	Date  string // YYYY-MM-DD in the window's zone
	Count int
}

// Summary is every output of the deployments data source but the list.
type Summary struct {
	TotalCount, SuccessfulCount, FailedCount int
	Frequency                                Frequency
	ByRepository, ByEnvironment              map[string]int
	Daily                                    []DayCount
	// Weekly is the 7-day blocks Frequency.MedianDaysPerWeek is the median of.
	Weekly []Week
}

// DaysPerMonth is the mean Gregorian month: 365.2425 ÷ 12.
const DaysPerMonth = 30.436875

// Summarize computes the summary of the deployments in the window; any
// outside it are ignored.
func Summarize(w Window, deployments []Deployment) Summary {
	sum := Summary{ByRepository: map[string]int{}, ByEnvironment: map[string]int{}}
	dates := windowDates(w)
	perDate := make(map[time.Time]int, len(dates))
	for _, d := range deployments {
		if !w.Contains(d.CreatedAt) {
			continue
		}
		sum.TotalCount++
		if Failed(d.State) {
			sum.FailedCount++
		}
		if !d.Successful {
			continue
		}
		sum.SuccessfulCount++
		sum.ByRepository[d.Repository]++
		sum.ByEnvironment[d.Environment]++
		perDate[localDate(d.CreatedAt, w.location())]++
	}
	for _, day := range dates {
		sum.Daily = append(sum.Daily, DayCount{Date: day.Format(time.DateOnly), Count: perDate[day]})
	}
	sum.Weekly = weeks(dates, perDate)
	sum.Frequency = frequency(w, sum.SuccessfulCount, sum.Weekly, len(perDate))
	return sum
}

func frequency(w Window, successful int, weekly []Week, deploymentDays int) Frequency {
	var f Frequency
	// Seconds, not Hours: whole seconds convert exactly, so a window of
	// exactly DaysPerMonth days gives per_month exactly 1 at the medium band.
	if days := w.Until.Sub(w.Since).Seconds() / 86400; days > 0 {
		n := float64(successful)
		f.PerDay = n / days
		f.PerWeek = 7 * n / days
		f.PerMonth = DaysPerMonth * n / days
	}
	f.DeploymentDays = deploymentDays
	f.MedianDaysPerWeek = medianDaysPerWeek(weekly)
	f.DORATier = doraTier(f.MedianDaysPerWeek, f.PerMonth)
	return f
}

func doraTier(medianDaysPerWeek, perMonth float64) string {
	switch {
	case medianDaysPerWeek >= 3:
		return "elite"
	case medianDaysPerWeek >= 1:
		return "high"
	case perMonth >= 1:
		return "medium"
	}
	return "low"
}

func median(values []int) float64 {
	if len(values) == 0 {
		return 0
	}
	s := append([]int(nil), values...)
	sort.Ints(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return float64(s[mid])
	}
	return float64(s[mid-1]+s[mid]) / 2
}

// localDate is t's calendar date in loc, as midnight UTC so that date
// arithmetic never meets a DST change.
func localDate(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// windowDates lists every calendar date of the window in its zone, from
// since's date to the date of the last instant before until.
func windowDates(w Window) []time.Time {
	if !w.Since.Before(w.Until) {
		return nil
	}
	first := localDate(w.Since, w.location())
	last := localDate(w.Until.Add(-time.Nanosecond), w.location())
	var dates []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		dates = append(dates, d)
	}
	return dates
}
