package metrics

import "time"

// Week is one 7-day block of the window's dates, the unit
// median_days_per_week is taken over.
type Week struct {
	Start           string // its first date, YYYY-MM-DD in the window's zone
	Days            int    // window dates in the block: 7, or fewer for the last
	DeploymentDays  int    // dates with at least one successful deployment
	SuccessfulCount int    // successful deployments created in it
	Partial         bool   // fewer than 7 dates
	Dropped         bool   // left out of the median: a trailing partial block that is not the only one
}

// weeks cuts the window's dates into consecutive 7-day blocks from since's
// date. Every block is listed, so that a chart shows the whole window; the
// median reads only those not Dropped (medianDaysPerWeek), which is how the
// list and the median cannot disagree.
func weeks(dates []time.Time, perDate map[time.Time]int) []Week {
	var out []Week
	for start := 0; start < len(dates); start += 7 {
		block := dates[start:min(start+7, len(dates))]
		w := Week{Start: block[0].Format(time.DateOnly), Days: len(block), Partial: len(block) < 7}
		for _, day := range block {
			if n := perDate[day]; n > 0 {
				w.DeploymentDays++
				w.SuccessfulCount += n
			}
		}
		// Only the last block can be partial; it counts when it is the only one.
		w.Dropped = w.Partial && start > 0
		out = append(out, w)
	}
	return out
}

// medianDaysPerWeek is the median of the deployment days of the blocks
// that are not dropped.
func medianDaysPerWeek(weekly []Week) float64 {
	var counted []int
	for _, w := range weekly {
		if !w.Dropped {
			counted = append(counted, w.DeploymentDays)
		}
	}
	return median(counted)
}
