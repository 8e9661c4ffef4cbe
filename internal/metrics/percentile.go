package metrics

import (
	"slices"
	"time"
)

// durations is a sample of durations, kept sorted so the percentiles can
// be read off it.
type durations []time.Duration

func sortedDurations(ds []time.Duration) durations {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s
}

// twiceMedian is 2 × the median: the middle value doubled, or the sum of
// the two middle values for an even count. Kept doubled so tier bands
// compare exactly, in integer nanoseconds, instead of in rounded hours.
// An empty sample gives 0.
func (s durations) twiceMedian() time.Duration {
	n := len(s)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return 2 * s[n/2]
	}
	return s[n/2-1] + s[n/2]
}

// medianHours is the median in hours; the two middle values are averaged.
func (s durations) medianHours() float64 {
	return float64(s.twiceMedian()) / float64(2*time.Hour)
}

// medianBelow reports whether the median is strictly less than limit.
func (s durations) medianBelow(limit time.Duration) bool { return s.twiceMedian() < 2*limit }

// p90Hours is the 90th percentile in hours by nearest rank: the
// ⌈0.9·n⌉-th smallest value, the rank computed in integers as
// ⌈9n/10⌉ = (9n+9)/10 so no float rounding moves it. An empty sample gives 0.
func (s durations) p90Hours() float64 {
	if len(s) == 0 {
		return 0
	}
	rank := (9*len(s) + 9) / 10
	return s[rank-1].Hours()
}
