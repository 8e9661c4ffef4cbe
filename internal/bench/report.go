package bench

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Targets of issue 6.
const (
	TargetRequestRatio = 1.05
	TargetWallRatio    = 1.3
	TargetPeakMB       = 150
)

// WriteTable writes the results as a markdown table.
func WriteTable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| size | repos | deployments | mode | requests | lower bound | ratio | wall | ideal | ratio | peak RSS | peak heap |")
	fmt.Fprintln(w, "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %d | %d | %.3f%s | %.2fs | %.2fs | %.2f%s | %.0f MB | %.0f MB |\n",
			r.Size, r.Repos, r.Deployments, r.Mode, r.Requests, r.Bound.Total(), r.RequestRatio(), miss(r.RequestRatio() > TargetRequestRatio),
			r.Wall.Seconds(), r.Ideal.Seconds(), r.WallRatio(), miss(r.WallRatio() > TargetWallRatio), r.PeakRSSMB, r.PeakHeapMB)
	}
}

// WriteTimeTable writes where each run's wall time went: the three reads;
// the floor (the ideal plus the waits no client can avoid) and wall ÷
// floor; how many requests were on the wire on average (the ideal keeps
// max_concurrency busy throughout) and the mean request time (the ideal
// assumes exactly the latency); the provider side's CPU time; and how many
// connections were dialled (one per slot when the pool keeps them).
func WriteTimeTable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| size | mode | verify | environments | deployments | floor | wall ÷ floor | mean in flight | mean request | client CPU | connections dialled |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.2f | %.2f of %d | %.1f ms | %s | %d |\n", r.Size, r.Mode,
			seconds(r.Phases.Verify), seconds(r.Phases.Environments), seconds(r.Phases.Deployments),
			seconds(r.Floor), r.Wall.Seconds()/r.Floor.Seconds(),
			r.MeanInFlight(), r.Concurrency, r.Busy.Seconds()*1000/float64(r.Requests), seconds(r.CPU), r.Connections)
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// WriteDetail writes each run's requests by route next to the bound's parts.
func WriteDetail(w io.Writer, r Result) {
	b := r.Bound
	fmt.Fprintf(w, "%s, %s: bound = %d installations + %d tokens + %d repository pages + %d environment pages + %d deployment pages + %d status pages = %d\n",
		r.Size, r.Mode, b.Installations, b.Tokens, b.RepositoryPages, b.EnvironmentPages, b.DeploymentPages, b.StatusPages, b.Total())
	var routes []string
	for k, v := range r.RequestsByRoute {
		routes = append(routes, fmt.Sprintf("%s: %d", k, v))
	}
	fmt.Fprintf(w, "  made: %s\n  on the wire: %s\n  production deployments in window %d (successful %d), tier %s\n",
		strings.Join(sorted(routes), "; "), r.Timeline, r.TotalCount, r.SuccessfulCount, r.Tier)
}

func miss(missed bool) string {
	if missed {
		return " ✗"
	}
	return ""
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}
