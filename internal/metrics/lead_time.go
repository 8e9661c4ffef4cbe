package metrics

import (
	"sort"
	"strings"
	"time"
)

// PullRequest is a merged pull request, reduced to what lead time needs.
// Callers pass each pull request once; one never merged (zero MergedAt) is
// outside every window and so never a change.
type PullRequest struct {
	Repository     string
	Number         int64
	MergedAt       time.Time
	MergeCommitSHA string // "" when GitHub gives none: then no deployment matches by sha
	BaseBranch     string // the base branch name, e.g. "main" (a "refs/heads/" prefix is ignored)
	// FirstCommitAt is the committer date of the first commit GitHub lists
	// for the pull request; nil when unknown, and lead time then starts at
	// MergedAt.
	FirstCommitAt *time.Time
	AuthorIsBot   bool // the author's type is Bot (REST user.type, GraphQL __typename)
}

// LeadTime is change lead time over the window's changes. The hours and
// the tier are nil when no change was delivered.
type LeadTime struct {
	Changes, Delivered, Undelivered int
	MedianHours                     *float64
	P90Hours                        *float64
	MedianMergeToDeployHours        *float64
	Tier                            *string
}

// Change is one change of the details list; DeploymentID and
// LeadTimeHours are nil when it is undelivered.
type Change struct {
	Repository    string
	Number        int64
	MergedAt      time.Time
	DeploymentID  *int64
	LeadTimeHours *float64
}

// LeadTimes computes lead_time and the changes list.
//
// A change is a pull request merged in the window (a bot's only with
// includeBots). Its delivering deployment is the earliest (created_at,
// then ID) successful production deployment of its repository, any
// stream, created at or after merged_at and before until: the earliest
// whose sha is the merge commit; failing that, the earliest whose ref is
// the base branch ("main" and "refs/heads/main" both match base "main";
// refs compare case-sensitively, as git's do); failing that, the earliest
// with any ref. Lead time is deployed_at minus the earlier of merged_at
// and the first commit's committer date; merge-to-deploy is deployed_at
// minus merged_at. A delivering deployment created before until counts
// even when its deployed_at is at or after until: DESIGN bounds the
// deployment by created_at, as dxgh_deployments does.
//
// Changes are listed newest merge first; ties by repository ascending,
// then number descending.
func LeadTimes(w Window, deployments []Deployment, pulls []PullRequest, includeBots bool) (LeadTime, []Change) {
	idx := newDeliveryIndex(live(w, deployments))
	var lt LeadTime
	changes := []Change{}
	var leads, mergeToDeploy []time.Duration
	for _, pr := range pulls {
		if !w.Contains(pr.MergedAt) || (pr.AuthorIsBot && !includeBots) {
			continue
		}
		c := Change{Repository: pr.Repository, Number: pr.Number, MergedAt: pr.MergedAt}
		if d, ok := idx.delivering(pr); ok {
			start := pr.MergedAt
			if pr.FirstCommitAt != nil && pr.FirstCommitAt.Before(start) {
				start = *pr.FirstCommitAt
			}
			lead := d.DeployedAt.Sub(start)
			c.DeploymentID, c.LeadTimeHours = ptr(d.ID), ptr(lead.Hours())
			leads = append(leads, lead)
			mergeToDeploy = append(mergeToDeploy, d.DeployedAt.Sub(pr.MergedAt))
		}
		changes = append(changes, c)
	}
	sortChanges(changes)

	lt.Changes, lt.Delivered = len(changes), len(leads)
	lt.Undelivered = lt.Changes - lt.Delivered
	if lt.Delivered > 0 {
		l, m := sortedDurations(leads), sortedDurations(mergeToDeploy)
		lt.MedianHours, lt.P90Hours = ptr(l.medianHours()), ptr(l.p90Hours())
		lt.MedianMergeToDeployHours = ptr(m.medianHours())
		lt.Tier = ptr(leadTimeTier(l))
	}
	return lt, changes
}

// leadTimeTier applies DORA's lead-time bands to the median: under a day,
// a week, a month (730 h, a twelfth of a 365-day year) or longer.
func leadTimeTier(s durations) string {
	switch {
	case s.medianBelow(24 * time.Hour):
		return TierElite
	case s.medianBelow(168 * time.Hour):
		return TierHigh
	case s.medianBelow(730 * time.Hour):
		return TierMedium
	}
	return TierLow
}

func sortChanges(changes []Change) {
	sort.SliceStable(changes, func(i, j int) bool {
		a, b := changes[i], changes[j]
		if !a.MergedAt.Equal(b.MergedAt) {
			return a.MergedAt.After(b.MergedAt)
		}
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		return a.Number > b.Number
	})
}

// deliveryIndex holds a repository's deployments keyed the three ways a
// delivering deployment is looked for, each list oldest first.
type deliveryIndex struct {
	bySHA, byBranch map[[2]string][]Deployment
	byRepository    map[string][]Deployment
}

func newDeliveryIndex(sorted []Deployment) deliveryIndex {
	idx := deliveryIndex{bySHA: map[[2]string][]Deployment{}, byBranch: map[[2]string][]Deployment{}, byRepository: map[string][]Deployment{}}
	for _, d := range sorted {
		if d.SHA != "" {
			k := [2]string{d.Repository, d.SHA}
			idx.bySHA[k] = append(idx.bySHA[k], d)
		}
		if b := branchName(d.Ref); b != "" {
			k := [2]string{d.Repository, b}
			idx.byBranch[k] = append(idx.byBranch[k], d)
		}
		idx.byRepository[d.Repository] = append(idx.byRepository[d.Repository], d)
	}
	return idx
}

func (idx deliveryIndex) delivering(pr PullRequest) (Deployment, bool) {
	if pr.MergeCommitSHA != "" {
		if d, ok := firstCreatedFrom(idx.bySHA[[2]string{pr.Repository, pr.MergeCommitSHA}], pr.MergedAt); ok {
			return d, true
		}
	}
	if b := branchName(pr.BaseBranch); b != "" {
		if d, ok := firstCreatedFrom(idx.byBranch[[2]string{pr.Repository, b}], pr.MergedAt); ok {
			return d, true
		}
	}
	return firstCreatedFrom(idx.byRepository[pr.Repository], pr.MergedAt)
}

// branchName is a ref without its "refs/heads/" prefix, so a deployment of
// "refs/heads/main" and one of "main" are both of branch main.
func branchName(ref string) string { return strings.TrimPrefix(ref, "refs/heads/") }
