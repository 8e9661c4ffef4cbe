package orggen

import (
	"fmt"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// incidentLabel is how a repository spells its incident label: GitHub
// keeps a label's case, and dxgh_dora_metrics matches case-insensitively.
func incidentLabel(repo string) string {
	switch repo {
	case "acme/web", "acme/mobile-backend", "acme/search", "acme-labs/ml-platform",
		"acme/terraform-aws-modules", "acme/open-sdk", "acme-labs/secret-project":
		return "Incident"
	}
	return "incident"
}

// commitShape bends a hand-made pull request's commits for one edge case.
type commitShape int

const (
	_ commitShape = iota // plain: commits as they come
	// rebased: the first commit was authored a month before it was
	// committed; lead time counts the committer date.
	rebased
	// outOfOrder: the first commit GitHub lists was committed a day after
	// the second; lead time counts the first listed, not the earliest.
	outOfOrder
)

// specialPR is a hand-made pull request for one edge case of
// dxgh_dora_metrics; why says which, and becomes its title. Times are
// RFC 3339.
type specialPR struct {
	repo, why string
	author    string // default alice
	base      string // default main
	state     string // "" merged at at; "closed" closed unmerged at at; "open"
	created   string // default half an hour after the first commit
	at        string
	updated   string // default at (created for an open one)
	// shaOf makes the merge commit the SHA of the repository's one
	// deployment created at this time; "" gives a fresh SHA.
	shaOf   string
	first   string // the first commit's committer date; default 26 hours before at
	commits int    // default 3
	shape   commitShape
	labels  []string
}

// The 30-day windows are [2026-10-21, 2026-11-20), the 90-day one starts
// 2026-08-22, the short ones are 2026-10-30 to 2026-11-03 (UTC).
var specialPRs = []specialPR{
	// acme/api: delivery by SHA, by base branch, by time only; window edges.
	{repo: "acme/api", at: "2026-10-21T00:00:00Z", shaOf: "2026-10-21T00:00:00Z", first: "2026-10-20T14:00:00Z", created: "2026-10-20T15:00:00Z",
		why: "merged exactly at since of the 30-day windows, its merge commit deployed in the same second: a change, delivered by SHA"},
	{repo: "acme/api", at: "2026-10-20T23:00:00Z", updated: "2026-10-25T09:00:00Z",
		why: "merged before since, updated inside the 30-day windows: not a change of them"},
	{repo: "acme/api", at: "2026-11-06T08:30:00Z", shaOf: "2026-11-09T09:00:00Z",
		why: "merge commit deployed three days later although a main deployment came first: delivered by SHA"},
	{repo: "acme/api", at: "2026-11-02T14:00:00Z",
		why: "merge commit never deployed: delivered by the next deployment of main, its base branch"},
	{repo: "acme/api", at: "2026-11-04T08:00:00Z",
		why: "into main, merged before a hotfix/checkout deployment: delivered by the next deployment of main, two days later"},
	{repo: "acme/api", base: "release/2026-10", at: "2026-11-11T10:00:00Z",
		why: "into release/2026-10: a main deployment comes first, delivered by the release/2026-10 one the next day"},
	{repo: "acme/api", base: "develop", at: "2026-11-10T12:00:00Z",
		why: "into develop, a branch no deployment names: delivered by the next production deployment of any ref"},
	{repo: "acme/api", at: "2026-11-18T10:00:00Z", shaOf: "2026-11-18T10:00:00Z",
		why: "merged in the same second as the deployment of its merge commit was created: delivered by it"},
	{repo: "acme/api", at: "2026-11-19T23:59:59Z", shaOf: "2026-11-19T23:59:59Z",
		why: "merged at the last second of the 30-day windows, delivered by a deployment created then that succeeds after until"},
	{repo: "acme/api", at: "2026-11-20T00:00:00Z", shaOf: "2026-11-20T00:00:00Z",
		why: "merged exactly at until of the 30-day windows: not a change of them"},
	{repo: "acme/api", at: "2026-11-11T11:00:00Z", shaOf: "2026-11-11T11:54:24Z",
		why: "merge commit deployed to staging only: delivered by the next production deployment of main"},
	{repo: "acme/api", at: "2026-11-12T11:00:00Z", shaOf: "2026-11-12T12:00:00Z",
		why: "merge commit's production deployment never succeeded: delivered by the next successful deployment of main"},
	{repo: "acme/api", at: "2026-11-10T17:00:00Z", shaOf: "2026-11-10T16:00:00Z",
		why: "merge commit deployed from its branch an hour before the merge: a SHA match before merged_at does not deliver"},
	{repo: "acme/api", state: "closed", created: "2026-11-01T10:00:00Z", first: "2026-11-01T09:00:00Z", at: "2026-11-05T16:00:00Z", shaOf: "2026-11-06T09:00:00Z",
		why: "closed without merging, with a merge_commit_sha a later production deployment has: not a change"},
	{repo: "acme/api", state: "open", created: "2026-11-17T10:00:00Z", first: "2026-11-17T09:30:00Z",
		why: "still open: not a change"},
	{repo: "acme/api", author: "dependabot[bot]", at: "2026-11-03T09:00:00Z", shaOf: "2026-11-03T15:00:00Z", labels: []string{"dependencies"},
		why: "Bump golang.org/x/net from 0.38.0 to 0.41.0 (a bot's pull request: not a change unless include_bots)"},
	{repo: "acme/api", author: "release-bot", at: "2026-10-28T09:00:00Z", shaOf: "2026-10-28T10:00:00Z",
		why: "by release-bot, a user whose login merely ends in -bot: a change"},
	{repo: "acme/api", at: "2026-11-09T08:00:00Z", shaOf: "2026-11-09T09:00:00Z", first: "2026-11-05T10:00:00Z", shape: rebased,
		why: "first commit authored a month before it was committed (rebased): lead time from the committer date"},
	{repo: "acme/api", at: "2026-11-11T09:00:00Z", shaOf: "2026-11-11T09:49:45Z", first: "2026-11-08T12:00:00Z", shape: outOfOrder,
		why: "the first commit listed was committed a day after the second: lead time from the first listed"},
	{repo: "acme/api", at: "2026-11-16T07:00:00Z", first: "2026-11-16T07:02:00Z", created: "2026-11-15T16:00:00Z",
		why: "first commit's committer date two minutes after merged_at: lead time from merged_at"},
	{repo: "acme/api", at: "2026-11-10T09:00:00Z", updated: "2026-11-27T10:00:00Z",
		why: "merged inside the 30-day windows, updated after until (a late comment): a change"},
	{repo: "acme/api", at: "2026-11-06T11:30:00Z", labels: []string{"incident"},
		why: "Revert the session cache (a pull request labelled incident: listed by /issues, not an incident)"},
	{repo: "acme/api", at: "2026-10-23T10:00:00Z", created: "2026-07-20T10:00:00Z", first: "2026-07-20T09:00:00Z",
		why: "opened before the 90-day window, merged inside the 30-day windows: a change with a lead time of three months"},

	// Other repositories.
	{repo: "acme/web", at: "2026-11-05T09:00:00Z", shaOf: "2026-11-05T10:39:33Z", first: "2026-10-29T09:00:00Z", commits: 120,
		why: "120 commits: two pages of commits, the first commit on the first"},
	{repo: "acme/web", author: "renovate[bot]", at: "2026-11-07T10:00:00Z", shaOf: "2026-11-07T12:16:35Z", labels: []string{"dependencies"},
		why: "Update dependency react to v19.2.1 (a bot's pull request)"},
	{repo: "acme/web", base: "hotfix/checkout", at: "2026-11-06T12:00:00Z",
		why: "into hotfix/checkout: delivered by the next deployment of that branch"},
	{repo: "acme/web", at: "2026-11-12T10:00:00Z", labels: []string{"Incident"},
		why: "Roll back the checkout redesign (labelled Incident: not an incident; undelivered, no production deployment follows)"},
	{repo: "acme/payments", at: "2026-11-10T07:00:00Z", shaOf: "2026-11-10T08:17:56Z", first: "2026-09-15T09:00:00Z", commits: 300,
		why: "300 commits: REST lists the first 250, GraphQL all; the first commit is the same"},
	{repo: "acme/payments", at: "2026-11-12T13:00:00Z", shaOf: "2026-11-12T14:20:20Z",
		why: "merge commit deployed to prod-eu only: by SHA when prod-eu is production, else by base branch"},
	{repo: "acme/payments", at: "2026-11-07T09:00:00Z", shaOf: "2026-11-07T10:00:00Z",
		why: "merge commit deployed to production whose production_environment flag is false"},
	{repo: "acme/mobile-backend", at: "2026-11-15T10:00:00Z",
		why: "merged after the repository's last production deployment: undelivered"},
	{repo: "acme/sandbox", at: "2026-11-02T10:00:00Z",
		why: "in a repository without deployments: undelivered"},
	{repo: "acme/sandbox", state: "open", created: "2026-11-18T10:00:00Z", first: "2026-11-18T09:00:00Z",
		why: "still open, in a repository without deployments"},
	{repo: "acme/infra", at: "2026-11-15T08:00:00Z", shaOf: "2026-11-15T09:00:00Z",
		why: "merge commit deployed twice, both successful: delivered by the first"},
	{repo: "acme/infra", at: "2026-11-08T09:30:00Z", shaOf: "2026-11-08T10:00:00Z",
		why: "merge commit deployed three times, failure, error, success: delivered by the successful one"},
	{repo: "acme/search", at: "2026-11-10T13:00:00Z", shaOf: "2026-11-10T14:00:00Z",
		why: "delivered by the deployment with 130 statuses, which succeeds an hour after it was created"},
	{repo: "acme/data-pipeline", at: "2026-11-01T05:00:00Z", shaOf: "2026-11-01T05:30:00Z",
		why: "merged on the night the US clocks go back: delivered half an hour later"},
	{repo: "acme/data-pipeline", at: "2026-11-02T23:59:59Z", shaOf: "2026-11-03T00:00:00Z",
		why: "merge commit deployed at until of the short window: there, delivered by the main deployment created in the second it merged"},
	{repo: "acme-labs/experiments", at: "2026-11-01T15:00:00Z", shaOf: "2026-11-02T08:06:28Z",
		why: "delivered by a deployment that an incident is attributed to, and that is rolled back in the 90-day window"},
	{repo: "acme-labs/experiments", at: "2026-11-10T10:00:00Z",
		why: "delivered by the deployment that rolls back (90-day window)"},
	{repo: "acme-labs/ml-platform", at: "2026-11-18T12:00:00Z", shaOf: "2026-11-18T17:41:24Z",
		why: "delivered by the repository's only production deployment of the 30-day windows"},
}

// specialIssue is a hand-made issue for one edge case; labels nil means the
// repository's incident label.
type specialIssue struct {
	repo, why string
	author    string // default alice
	created   string
	closed    string // "" while open
	updated   string // default closed, else created
	labels    []string
}

var specialIssues = []specialIssue{
	{repo: "acme/api", created: "2026-10-21T00:00:10Z", closed: "2026-10-21T02:00:10Z",
		why: "incident after a deployment was created but before it succeeded: unattributed in the 30-day windows"},
	{repo: "acme/api", created: "2026-11-06T10:00:00Z", closed: "2026-11-06T10:40:00Z",
		why: "incident an hour after a deployment succeeded: attributed to it, recovered in 40 minutes"},
	{repo: "acme/api", created: "2026-11-06T11:00:00Z", closed: "2026-11-07T09:00:00Z",
		why: "a second incident on the same deployment: still one failed deployment"},
	{repo: "acme/api", created: "2026-11-16T09:00:00Z",
		why: "open incident: unresolved"},
	{repo: "acme/api", created: "2026-11-18T12:00:00Z", closed: "2026-11-22T09:00:00Z",
		why: "incident closed after until of the 30-day windows: unresolved there"},
	{repo: "acme/api", created: "2026-11-20T00:00:00Z",
		why: "incident created exactly at until of the 30-day windows: outside"},
	{repo: "acme/api", created: "2026-10-20T22:00:00Z", closed: "2026-10-22T08:00:00Z",
		why: "incident created before since, closed inside the 30-day windows: not one of them"},
	{repo: "acme/api", created: "2026-11-12T13:00:00Z", closed: "2026-11-12T15:30:00Z", labels: []string{"incident", "sev1"},
		why: "labelled incident and sev1: one incident when both labels are configured"},
	{repo: "acme/api", created: "2026-11-13T09:00:00Z", closed: "2026-11-13T10:00:00Z", labels: []string{"sev1"},
		why: "labelled sev1 only: an incident only when sev1 is configured"},
	{repo: "acme/api", created: "2026-11-14T09:00:00Z", closed: "2026-11-14T11:00:00Z", labels: []string{"incident-review"},
		why: "labelled incident-review: not an incident label"},
	{repo: "acme/api", created: "2026-11-08T09:00:00Z", labels: []string{"bug"},
		why: "Checkout button misaligned on Safari (an ordinary issue)"},
	{repo: "acme/web", author: "pagerduty[bot]", created: "2026-11-05T08:00:00Z", closed: "2026-11-05T12:00:00Z",
		why: "incident opened by a bot: incidents count whoever opens them"},
	{repo: "acme/web", created: "2026-11-09T10:00:00Z", closed: "2026-11-09T10:20:00Z", labels: []string{"Incident", "sev2"},
		why: "incident labelled Incident: recovered in 20 minutes"},
	{repo: "acme/search", created: "2026-11-10T14:30:00Z", closed: "2026-11-10T16:00:00Z",
		why: "incident after a deployment was created but before it succeeded: attributed to the one before"},
	{repo: "acme/payments", created: "2026-11-12T15:00:00Z", closed: "2026-11-12T18:00:00Z",
		why: "incident after a prod-eu deployment: attributed to it only when prod-eu is production"},
	{repo: "acme-labs/experiments", created: "2026-11-02T09:00:00Z", closed: "2026-11-02T11:30:00Z",
		why: "incident on a deployment that is also rolled back in the 90-day window: both causes"},
	{repo: "acme/mobile-backend", created: "2026-10-21T09:00:00Z", closed: "2026-10-21T09:45:00Z",
		why: "incident before the repository's first deployment of the 30-day windows: unattributed"},
	{repo: "acme/sandbox", created: "2026-11-03T10:00:00Z",
		why: "open incident in a repository without deployments: unattributed and unresolved"},
	{repo: "acme/data-pipeline", created: "2026-11-01T05:45:00Z", closed: "2026-11-01T06:15:00Z",
		why: "incident in the short windows, a quarter of an hour after a deployment succeeded"},
	{repo: "acme/legacy-billing", created: "2026-11-01T10:00:00Z", closed: "2026-11-01T12:00:00Z",
		why: "incident in an archived repository: out unless import_archived"},
	{repo: "acme-labs/secret-project", created: "2026-11-07T10:00:00Z", closed: "2026-11-07T11:00:00Z",
		why: "incident in a repository installation 11002 does not select: never in scope"},
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(fmt.Sprintf("orggen: time %q: %v", s, err))
	}
	return t
}

// addSpecialChanges adds the hand-made pull requests and issues.
func (b *changeBuilder) addSpecialChanges(repos []sandbox.Repository) {
	byName := map[string]*sandbox.Repository{}
	for i := range repos {
		byName[repos[i].FullName] = &repos[i]
	}
	repo := func(name string) *sandbox.Repository {
		r := byName[name]
		if r == nil {
			panic("orggen: special change for unknown repository " + name)
		}
		return r
	}
	for _, s := range specialPRs {
		r := repo(s.repo)
		r.PullRequests = append(r.PullRequests, b.specialPR(r, s))
	}
	for _, s := range specialIssues {
		r := repo(s.repo)
		r.Issues = append(r.Issues, specialIssueOf(r, s))
	}
}

func (b *changeBuilder) specialPR(r *sandbox.Repository, s specialPR) sandbox.PullRequest {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	var end time.Time // the merge or close, or for an open one its creation
	if s.state == "open" {
		end = mustTime(s.created)
	} else {
		end = mustTime(s.at)
	}
	first := end.Add(-26 * time.Hour)
	if s.first != "" {
		first = mustTime(s.first)
	}
	created := first.Add(30 * time.Minute)
	if s.created != "" {
		created = mustTime(s.created)
	}
	n := s.commits
	if n == 0 {
		n = 3
	}
	author := or(s.author, "alice")
	pr := sandbox.PullRequest{
		Title: s.why, Author: author, State: "closed", BaseRef: or(s.base, "main"),
		HeadRef:   fmt.Sprintf("%s/special-%d", strings.TrimSuffix(author, "[bot]"), 1000+b.rng.IntN(9000)),
		CreatedAt: created, UpdatedAt: end, Labels: s.labels,
		Commits: b.specialCommits(first, n, end, s.shape),
	}
	if s.updated != "" {
		pr.UpdatedAt = mustTime(s.updated)
	}
	switch s.state {
	case "open":
		pr.State = "open"
	case "closed":
		pr.ClosedAt = &end
	default:
		pr.ClosedAt, pr.MergedAt = &end, &end
	}
	if s.state != "open" {
		pr.MergeCommitSHA = randomSHA(b.rng)
	}
	if s.shaOf != "" {
		pr.MergeCommitSHA = deploymentSHA(r, s.shaOf)
	}
	return pr
}

// specialCommits are n commits, the first committed at first, the others
// spread evenly until a minute before end (or after first when first is
// later, as for a commit dated after the merge).
func (b *changeBuilder) specialCommits(first time.Time, n int, end time.Time, shape commitShape) []sandbox.Commit {
	out := make([]sandbox.Commit, n)
	span := max(end.Add(-time.Minute).Sub(first), time.Duration(n)*time.Minute)
	for i := range out {
		at := first.Add((span / time.Duration(n) * time.Duration(i)).Truncate(time.Second))
		out[i] = sandbox.Commit{SHA: randomSHA(b.rng), AuthoredAt: at, CommittedAt: at}
	}
	switch shape {
	case rebased:
		out[0].AuthoredAt = first.AddDate(0, -1, 0)
	case outOfOrder:
		second := first.Add(-24 * time.Hour)
		out[1].AuthoredAt, out[1].CommittedAt = second, second
	}
	return out
}

// deploymentSHA is the SHA of r's one deployment created at at.
func deploymentSHA(r *sandbox.Repository, at string) string {
	t := mustTime(at)
	sha, found := "", 0
	for _, d := range r.Deployments {
		if d.CreatedAt.Equal(t) {
			sha, found = d.SHA, found+1
		}
	}
	if found != 1 {
		panic(fmt.Sprintf("orggen: %s has %d deployments created at %s, want 1", r.FullName, found, at))
	}
	return sha
}

func specialIssueOf(r *sandbox.Repository, s specialIssue) sandbox.Issue {
	author := s.author
	if author == "" {
		author = "alice"
	}
	labels := s.labels
	if labels == nil {
		labels = []string{incidentLabel(r.FullName)}
	}
	created := mustTime(s.created)
	is := sandbox.Issue{Title: s.why, Author: author, State: "open", CreatedAt: created, UpdatedAt: created, Labels: labels}
	if s.closed != "" {
		closed := mustTime(s.closed)
		is.State, is.ClosedAt, is.UpdatedAt = "closed", &closed, closed
	}
	if s.updated != "" {
		is.UpdatedAt = mustTime(s.updated)
	}
	return is
}
