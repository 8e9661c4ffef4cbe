package bench

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Targets of issues 6 and 13.
const (
	TargetRequestRatio = 1.05 // rest mode: requests ÷ the REST lower bound
	TargetWallRatio    = 1.3
	TargetPeakMB       = 150
	// graphql mode: REST requests + GraphQL points ÷ the REST lower bound,
	// at the largest size.
	TargetGraphQLNamedRatio = 0.02
	TargetGraphQLFlagRatio  = 0.25
)

// costMissed reports a run that misses its cost target. The graphql targets
// are set for the largest size: at ten repositories the fixed REST part
// (installations, tokens, the repository list) is most of any read.
func costMissed(r Result) bool {
	switch {
	case r.API != "graphql":
		return r.RequestRatio() > TargetRequestRatio
	case r.Size != "large":
		return false
	case strings.HasPrefix(r.Mode, "flag"):
		return r.RequestRatio() > TargetGraphQLFlagRatio
	default:
		return r.RequestRatio() > TargetGraphQLNamedRatio
	}
}

// WriteTable writes the results as a markdown table. Cost is the budget
// spent (DESIGN §6): REST requests plus GraphQL points, against the REST
// lower bound. The wall ratio is against the ideal of the run's own
// requests (REST requests and GraphQL queries alike).
func WriteTable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| size | repos | deployments | mode | api | REST requests | GraphQL queries | GraphQL points | cost | REST lower bound | cost ÷ bound | wall | ideal | ratio | peak RSS | peak heap |")
	fmt.Fprintln(w, "|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %d | %d | %d | %d | %d | %.3f%s | %.2fs | %.2fs | %.2f%s | %.0f MB | %.0f MB |\n",
			r.Size, r.Repos, r.Deployments, r.Mode, apiName(r), r.RESTRequests, r.GraphQLQueries, r.GraphQLPoints, r.Cost(), r.Bound.Total(),
			r.RequestRatio(), miss(costMissed(r)),
			r.Wall.Seconds(), r.Ideal.Seconds(), r.WallRatio(), miss(r.API != "graphql" && r.WallRatio() > TargetWallRatio), r.PeakRSSMB, r.PeakHeapMB)
	}
}

func apiName(r Result) string {
	if r.API == "" {
		return "rest"
	}
	return r.API
}

// WriteModeComparison sets each graphql run beside the rest run of the same
// size and mode: the target is wall time no longer than REST's.
func WriteModeComparison(w io.Writer, results []Result) {
	rest := map[string]Result{}
	for _, r := range results {
		if apiName(r) == "rest" {
			rest[r.Size+"|"+r.Mode] = r
		}
	}
	fmt.Fprintln(w, "| size | mode | cost rest → graphql | wall rest → graphql | graphql wall ≤ rest |")
	fmt.Fprintln(w, "|---|---|---:|---:|---|")
	for _, g := range results {
		r, ok := rest[g.Size+"|"+g.Mode]
		if apiName(g) != "graphql" || !ok {
			continue
		}
		verdict := "yes"
		if g.Wall > r.Wall {
			verdict = "no ✗"
		}
		fmt.Fprintf(w, "| %s | %s | %d → %d | %.2fs → %.2fs | %s |\n", g.Size, g.Mode, r.Cost(), g.Cost(), r.Wall.Seconds(), g.Wall.Seconds(), verdict)
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
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.2f | %.2f of %d | %.1f ms | %s | %d |\n", r.Size, r.Mode+", "+apiName(r),
			seconds(r.Phases.Verify), seconds(r.Phases.Environments), seconds(r.Phases.Deployments),
			seconds(r.Floor), r.Wall.Seconds()/r.Floor.Seconds(),
			r.MeanInFlight(), r.Concurrency, r.Busy.Seconds()*1000/float64(r.Requests), seconds(r.CPU), r.Connections)
	}
}

// TargetDORARatio is issue 14's: a dxgh_dora_metrics read costs at most
// twice the dxgh_deployments read in the same mode, at the largest size.
const TargetDORARatio = 2.0

// WriteDORATable writes each run's dxgh_dora_metrics read: what the
// deployments read cost, what the DORA read added in the same plan (pull
// requests, their first commits, incident issues: the deployments are
// shared), and so what it would cost alone, against the target.
func WriteDORATable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| size | mode | api | dxgh_deployments read | dxgh_dora_metrics in the same plan | alone (both) | ÷ deployments read | DORA read wall | changes | failed deployments |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		p := r.Phases
		if p.DORA == 0 {
			continue
		}
		ratio := float64(p.DORAStandaloneCost()) / float64(p.DeploymentsCost)
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d | %d | %.2f%s | %s | %d | %d |\n", r.Size, r.Mode, apiName(r),
			p.DeploymentsCost, p.DORACost, p.DORAStandaloneCost(), ratio, miss(r.Size == "large" && ratio > TargetDORARatio),
			seconds(p.DORA), p.DORAChanges, p.DORAFail)
	}
}

// Issue 21's targets for group_by = "team" on dxgh_dora_metrics at the
// largest size: cost at most 1.1 × the read without grouping, peak memory
// at most 10% more.
const (
	TargetGroupedCostRatio   = 1.1
	TargetGroupedMemoryRatio = 1.1
)

// WriteGroupedTable writes what group_by = "team" adds to each run's
// dxgh_dora_metrics read, against issue 21's targets.
func WriteGroupedTable(w io.Writer, results []Result) {
	fmt.Fprintln(w, "| size | mode | api | dxgh_dora_metrics alone | + group_by = \"team\" | ÷ without | groups | grouped read wall | peak RSS before → after | ÷ before |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		p := r.Phases
		if p.Groups == 0 {
			continue
		}
		large := r.Size == "large"
		mem := p.PeakRSSMB / p.PeakRSSBeforeGroupMB
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d | %.3f%s | %d | %s | %.0f → %.0f MB | %.3f%s |\n", r.Size, r.Mode, apiName(r),
			p.DORAStandaloneCost(), p.GroupedDORACost, p.GroupedRatio(), miss(large && p.GroupedRatio() > TargetGroupedCostRatio),
			p.Groups, seconds(p.GroupedDORA), p.PeakRSSBeforeGroupMB, p.PeakRSSMB, mem, miss(large && mem > TargetGroupedMemoryRatio))
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// WriteDetail writes each run's requests by route next to the bound's parts.
func WriteDetail(w io.Writer, r Result) {
	b := r.Bound
	fmt.Fprintf(w, "%s, %s, api %s: REST bound = %d installations + %d tokens + %d repository pages + %d environment pages + %d deployment pages + %d status pages = %d\n",
		r.Size, r.Mode, apiName(r), b.Installations, b.Tokens, b.RepositoryPages, b.EnvironmentPages, b.DeploymentPages, b.StatusPages, b.Total())
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
