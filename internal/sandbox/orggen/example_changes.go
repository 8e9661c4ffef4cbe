package orggen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The example organisation's pull requests and issues, for
// dxgh_dora_metrics: routine ones drawn around each repository's production
// deployments, and the hand-made ones of example_changes_specials.go. They
// are made after everything else, from a random source of their own, and
// read the deployments only for SHAs and times: the organisation's
// repositories, environments, deployments and statuses are as they were
// before pull requests existed.

// Database ids of the example organisation's pull requests and issues, in
// creation order across the organisation.
const (
	examplePullRequestIDs int64 = 1800000001
	exampleIssueIDs       int64 = 1900000001
)

var (
	prAuthors = []struct {
		login  string
		weight int
	}{
		{"alice", 20}, {"bob", 18}, {"carol", 16}, {"dmitri", 14}, {"erin", 10}, {"farid", 8},
		// A user whose login ends in -bot: a person as far as GitHub's type goes.
		{"release-bot", 4},
		{"dependabot[bot]", 7}, {"renovate[bot]", 3},
	}
	prTitles = []string{
		"Fix flaky integration test", "Add request metrics", "Refactor configuration loading",
		"Improve error messages", "Speed up the build", "Handle empty responses", "Update documentation",
		"Add a feature flag for the new flow", "Tidy logging", "Retry transient errors", "Remove dead code",
		"Validate input earlier", "Cache lookups", "Upgrade the base image",
	}
	issueTitles = []string{
		"Login page is slow", "Typo in the README", "Support dark mode", "Flaky test in CI",
		"Wrong total on the invoice page", "Document the retry settings", "Crash on empty input",
	}
)

// changeBuilder draws pull requests and issues in [start, end), where the
// organisation's deployments are.
type changeBuilder struct {
	rng        *rand.Rand
	start, end time.Time
	// mergedWeights are the weights of 0, 1, 2, 3 pull requests merged
	// before each production deployment.
	mergedWeights []int
	// incidentOneIn: an incident follows one production deployment in this many.
	incidentOneIn int
}

// addChanges gives every repository of the example organisation its pull
// requests and issues, then numbers them.
func addChanges(repos []sandbox.Repository) {
	b := &changeBuilder{rng: rand.New(rand.NewPCG(20260801, 14)), start: ExampleStart, end: ExampleEnd,
		mergedWeights: []int{20, 35, 30, 15}, incidentOneIn: 15}
	for i := range repos {
		b.routine(&repos[i])
	}
	b.addSpecialChanges(repos)
	// Each repository has a history before these numbers.
	numberChanges(repos, func(i int) int64 { return int64(300 + 47*i) }, examplePullRequestIDs, exampleIssueIDs)
}

// productionSuccesses are a repository's deployments to a production
// environment (by the flag or by the name "production") that reached
// success, oldest first, each with its first success.
func productionSuccesses(r *sandbox.Repository) []deployedAt {
	var out []deployedAt
	for i := range r.Deployments {
		d := &r.Deployments[i]
		if !d.ProductionEnvironment && !strings.EqualFold(d.Environment, "production") {
			continue
		}
		var first *sandbox.Status
		for j := range d.Statuses {
			s := &d.Statuses[j]
			if s.State == "success" && (first == nil || s.CreatedAt.Before(first.CreatedAt)) {
				first = s
			}
		}
		if first != nil {
			out = append(out, deployedAt{d, first.CreatedAt})
		}
	}
	slices.SortFunc(out, func(x, y deployedAt) int {
		if c := x.d.CreatedAt.Compare(y.d.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(x.d.ID, y.d.ID)
	})
	return out
}

type deployedAt struct {
	d  *sandbox.Deployment
	at time.Time
}

// routine draws a repository's everyday pull requests and issues: merged
// pull requests before each production deployment (mergedWeights), the
// last of them usually the deployed commit; a few merged after the last
// deployment (not delivered yet); about one closed unmerged per eight
// merged; a couple still open; ordinary issues; and an incident after one
// production deployment in incidentOneIn.
func (b *changeBuilder) routine(r *sandbox.Repository) {
	prod := productionSuccesses(r)
	merged := 0
	for k, p := range prod {
		lo := p.d.CreatedAt.Add(-4 * 24 * time.Hour)
		if k > 0 {
			lo = prod[k-1].d.CreatedAt
		}
		n := pickWeighted(b.rng, len(b.mergedWeights), func(i int) int { return b.mergedWeights[i] })
		var times []time.Time
		for range n {
			if at, ok := b.between(lo, p.d.CreatedAt); ok {
				times = append(times, at)
			}
		}
		slices.SortFunc(times, time.Time.Compare)
		for j, at := range times {
			sha := ""
			if j == len(times)-1 && b.rng.IntN(3) != 0 {
				sha = p.d.SHA
			}
			r.PullRequests = append(r.PullRequests, b.mergedPR(at, sha, b.base(p.d.Ref)))
			merged++
		}
		if b.rng.IntN(b.incidentOneIn) == 0 {
			r.Issues = append(r.Issues, b.incident(r, p.at))
		}
	}
	if len(prod) > 0 {
		last := prod[len(prod)-1].d.CreatedAt
		for range b.rng.IntN(3) {
			if at, ok := b.between(last, b.end); ok {
				r.PullRequests = append(r.PullRequests, b.mergedPR(at, "", "main"))
				merged++
			}
		}
	}
	for range merged / 8 {
		r.PullRequests = append(r.PullRequests, b.closedPR())
	}
	if len(prod) > 0 {
		for range 1 + b.rng.IntN(2) {
			r.PullRequests = append(r.PullRequests, b.openPR())
		}
	}
	for range 1 + len(prod)/5 {
		r.Issues = append(r.Issues, b.ordinaryIssue())
	}
}

// between draws a whole second strictly inside (lo, hi), if there is room.
func (b *changeBuilder) between(lo, hi time.Time) (time.Time, bool) {
	span := int64(hi.Sub(lo) / time.Second)
	if span < 120 {
		return time.Time{}, false
	}
	return lo.Add(time.Duration(1+b.rng.Int64N(span-1)) * time.Second), true
}

// seconds draws a whole number of seconds in [lo, hi].
func (b *changeBuilder) seconds(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(b.rng.Int64N(int64((hi-lo)/time.Second)+1))*time.Second
}

// base is the branch a pull request merges into: mostly main, now and then
// the branch the deployment after it ships (a release or hotfix branch).
func (b *changeBuilder) base(deployedRef string) string {
	if (strings.HasPrefix(deployedRef, "release/") || strings.HasPrefix(deployedRef, "hotfix/")) && b.rng.IntN(2) == 0 {
		return deployedRef
	}
	return "main"
}

func (b *changeBuilder) author() string {
	return prAuthors[pickWeighted(b.rng, len(prAuthors), func(i int) int { return prAuthors[i].weight })].login
}

// mergedPR is a pull request merged at at into base, whose merge commit is
// sha (a fresh one when ""), with one to five commits over the days before
// (now and then many more), opened soon after its first commit.
func (b *changeBuilder) mergedPR(at time.Time, sha, base string) sandbox.PullRequest {
	if sha == "" {
		sha = randomSHA(b.rng)
	}
	n := 1 + b.rng.IntN(5)
	if b.rng.IntN(15) == 0 {
		n = 8 + b.rng.IntN(23)
	}
	first := at.Add(-b.seconds(30*time.Minute, 5*24*time.Hour))
	pr := b.pullRequest(first, n, at)
	pr.State, pr.ClosedAt, pr.MergedAt, pr.MergeCommitSHA, pr.BaseRef = "closed", &at, &at, sha, base
	pr.UpdatedAt = at.Add(b.seconds(0, 30*time.Minute))
	if b.rng.IntN(8) == 0 { // a comment days later
		pr.UpdatedAt = at.Add(b.seconds(24*time.Hour, 10*24*time.Hour))
	}
	return pr
}

// pullRequest is an open pull request into main by a drawn author, with n
// commits from first to before end, opened within two hours of its first
// commit and before end.
func (b *changeBuilder) pullRequest(first time.Time, n int, end time.Time) sandbox.PullRequest {
	author := b.author()
	created := first.Add(b.seconds(5*time.Minute, 2*time.Hour))
	if !created.Before(end) {
		created = end.Add(-time.Minute)
	}
	pr := sandbox.PullRequest{
		Author: author, State: "open", BaseRef: "main", CreatedAt: created, UpdatedAt: created,
		Title:   prTitles[b.rng.IntN(len(prTitles))],
		HeadRef: fmt.Sprintf("%s/change-%d", strings.TrimSuffix(author, "[bot]"), 1000+b.rng.IntN(9000)),
		Commits: b.commits(first, n, end),
	}
	if strings.HasSuffix(author, "[bot]") {
		pr.Title = fmt.Sprintf("Bump golang.org/x/net from 0.%d.0 to 0.%d.0", 30+b.rng.IntN(10), 40+b.rng.IntN(5))
		pr.Labels = []string{"dependencies"}
	} else if b.rng.IntN(4) == 0 {
		pr.Labels = []string{[]string{"enhancement", "bug", "chore"}[b.rng.IntN(3)]}
	}
	return pr
}

// commits are n commits, the first committed at first and the others
// before end, listed oldest first; one in four was authored earlier than
// committed (amended or rebased).
func (b *changeBuilder) commits(first time.Time, n int, end time.Time) []sandbox.Commit {
	times := []time.Time{first}
	for range n - 1 {
		at, ok := b.between(first, end)
		if !ok {
			at = first
		}
		times = append(times, at)
	}
	slices.SortFunc(times[1:], time.Time.Compare)
	out := make([]sandbox.Commit, n)
	for i, at := range times {
		authored := at
		if b.rng.IntN(4) == 0 {
			authored = at.Add(-b.seconds(time.Minute, 3*24*time.Hour))
		}
		out[i] = sandbox.Commit{SHA: randomSHA(b.rng), AuthoredAt: authored, CommittedAt: at}
	}
	return out
}

// closedPR was closed without merging. GitHub keeps the SHA of its last
// test merge as merge_commit_sha, so half have one.
func (b *changeBuilder) closedPR() sandbox.PullRequest {
	first := b.workingSecond(b.start, b.end.Add(-5*24*time.Hour))
	closed := first.Add(b.seconds(3*time.Hour, 5*24*time.Hour))
	pr := b.pullRequest(first, 1+b.rng.IntN(4), closed)
	pr.State, pr.ClosedAt, pr.UpdatedAt = "closed", &closed, closed
	if b.rng.IntN(2) == 0 {
		pr.MergeCommitSHA = randomSHA(b.rng)
	}
	return pr
}

// openPR was opened in the organisation's last fortnight.
func (b *changeBuilder) openPR() sandbox.PullRequest {
	first := b.workingSecond(b.end.Add(-14*24*time.Hour), b.end.Add(-3*time.Hour))
	pr := b.pullRequest(first, 1+b.rng.IntN(4), b.end)
	pr.UpdatedAt = pr.CreatedAt.Add(b.seconds(0, 48*time.Hour))
	if pr.UpdatedAt.After(b.end) {
		pr.UpdatedAt = b.end
	}
	if b.rng.IntN(2) == 0 {
		pr.MergeCommitSHA = randomSHA(b.rng)
	}
	return pr
}

func (b *changeBuilder) workingSecond(from, to time.Time) time.Time {
	at, ok := b.between(from, to)
	if !ok {
		return from
	}
	return at
}

// ordinaryIssue is an issue without an incident label; two in three are
// closed within three weeks.
func (b *changeBuilder) ordinaryIssue() sandbox.Issue {
	created := b.workingSecond(b.start, b.end)
	is := sandbox.Issue{
		Title: issueTitles[b.rng.IntN(len(issueTitles))], Author: b.author(), State: "open",
		CreatedAt: created, UpdatedAt: created.Add(b.seconds(0, 24*time.Hour)),
	}
	if strings.HasSuffix(is.Author, "[bot]") {
		is.Author = "carol"
	}
	if l := []string{"bug", "enhancement", "question", "", ""}[b.rng.IntN(5)]; l != "" {
		is.Labels = []string{l}
	}
	if b.rng.IntN(3) != 0 {
		closed := created.Add(b.seconds(time.Hour, 21*24*time.Hour))
		is.State, is.ClosedAt, is.UpdatedAt = "closed", &closed, closed
	}
	return is
}

// incident is opened within eight hours after a production deployment
// succeeded, labelled as its repository spells it; five in six are closed
// within a day and a half.
func (b *changeBuilder) incident(r *sandbox.Repository, deployedAt time.Time) sandbox.Issue {
	created := deployedAt.Add(b.seconds(10*time.Minute, 8*time.Hour))
	is := sandbox.Issue{
		Title: "Elevated error rate after the deploy", Author: []string{"alice", "bob", "pagerduty[bot]"}[b.rng.IntN(3)],
		State: "open", CreatedAt: created, UpdatedAt: created.Add(b.seconds(0, time.Hour)),
		Labels: []string{incidentLabel(r.FullName)},
	}
	if b.rng.IntN(6) != 0 {
		closed := created.Add(b.seconds(20*time.Minute, 36*time.Hour))
		is.State, is.ClosedAt, is.UpdatedAt = "closed", &closed, closed
	}
	return is
}

// numberChanges numbers each repository's pull requests and issues from one
// sequence in creation order (ties in the order they were made), starting
// at firstNumber(its index), as GitHub does; gives database ids in creation
// order across the organisation from prID and issueID; and lists both
// newest first.
func numberChanges(repos []sandbox.Repository, firstNumber func(int) int64, prID, issueID int64) {
	type ref struct {
		repo, index int
		pr          bool
		at          time.Time
	}
	var all []ref
	for i := range repos {
		var own []ref
		for j, pr := range repos[i].PullRequests {
			own = append(own, ref{i, j, true, pr.CreatedAt})
		}
		for j, is := range repos[i].Issues {
			own = append(own, ref{i, j, false, is.CreatedAt})
		}
		slices.SortStableFunc(own, func(x, y ref) int { return x.at.Compare(y.at) })
		next := firstNumber(i)
		for _, o := range own {
			if o.pr {
				repos[i].PullRequests[o.index].Number = next
			} else {
				repos[i].Issues[o.index].Number = next
			}
			next++
		}
		all = append(all, own...)
	}
	slices.SortStableFunc(all, func(x, y ref) int { return x.at.Compare(y.at) })
	for _, o := range all {
		if o.pr {
			repos[o.repo].PullRequests[o.index].ID = prID
			prID++
		} else {
			repos[o.repo].Issues[o.index].ID = issueID
			issueID++
		}
	}
	for i := range repos {
		slices.SortFunc(repos[i].PullRequests, func(x, y sandbox.PullRequest) int { return cmp.Compare(y.Number, x.Number) })
		slices.SortFunc(repos[i].Issues, func(x, y sandbox.Issue) int { return cmp.Compare(y.Number, x.Number) })
	}
}
