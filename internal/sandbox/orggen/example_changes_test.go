package orggen

import (
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The pull requests and issues have a case for each edge of
// dxgh_dora_metrics that the fixture's README promises.
func TestExampleOrgCoversDORAEdges(t *testing.T) {
	f := loadExample(t)
	if _, err := sandbox.New(f, sandbox.Options{}); err != nil {
		t.Fatalf("the sandbox refuses the example organisation: %v", err)
	}
	var (
		mergedByPerson, mergedByBot, mergedByDashBot bool
		closedUnmergedWithSHA, open                  bool
		intoDefault, intoOther, intoUndeployedBranch bool
		shaDeployed, shaNotDeployed                  bool
		over100, over250                             bool
		firstNotEarliest, authoredBeforeCommitted    bool
		prLabelledIncident, ordinaryIssue            bool
		openIncident, closedIncident, closedLate     bool
		spellings                                    = map[string]string{} // label spelling → a repository using it
	)
	for _, r := range f.Repositories {
		prodSHAs, refs := map[string]time.Time{}, map[string]bool{}
		for _, d := range r.Deployments {
			refs[d.Ref] = true
			if d.ProductionEnvironment {
				for _, s := range d.Statuses {
					if s.State == "success" {
						prodSHAs[d.SHA] = d.CreatedAt
					}
				}
			}
		}
		for _, pr := range r.PullRequests {
			wholeSeconds(t, r.FullName, pr.CreatedAt, pr.UpdatedAt)
			if pr.UpdatedAt.Before(pr.CreatedAt) || (pr.ClosedAt != nil && (pr.ClosedAt.Before(pr.CreatedAt) || pr.UpdatedAt.Before(*pr.ClosedAt))) {
				t.Errorf("%s #%d: created %s, closed %v, updated %s out of order", r.FullName, pr.Number, pr.CreatedAt, pr.ClosedAt, pr.UpdatedAt)
			}
			if len(pr.Commits) == 0 {
				t.Errorf("%s #%d has no commits", r.FullName, pr.Number)
			}
			bot := strings.HasSuffix(pr.Author, "[bot]")
			if pr.MergedAt != nil {
				mergedByPerson = mergedByPerson || !bot
				mergedByBot = mergedByBot || bot
				mergedByDashBot = mergedByDashBot || strings.HasSuffix(pr.Author, "-bot")
				intoDefault = intoDefault || pr.BaseRef == r.DefaultBranch
				intoOther = intoOther || (pr.BaseRef != r.DefaultBranch && refs[pr.BaseRef])
				intoUndeployedBranch = intoUndeployedBranch || !refs[pr.BaseRef]
				at, deployed := prodSHAs[pr.MergeCommitSHA]
				shaDeployed = shaDeployed || (deployed && !at.Before(*pr.MergedAt))
				shaNotDeployed = shaNotDeployed || !deployed
			} else if pr.State == "closed" {
				closedUnmergedWithSHA = closedUnmergedWithSHA || pr.MergeCommitSHA != ""
			}
			open = open || pr.State == "open"
			over100 = over100 || len(pr.Commits) > 100
			over250 = over250 || len(pr.Commits) > 250
			for i, c := range pr.Commits {
				authoredBeforeCommitted = authoredBeforeCommitted || c.AuthoredAt.Before(c.CommittedAt)
				firstNotEarliest = firstNotEarliest || (i > 0 && c.CommittedAt.Before(pr.Commits[0].CommittedAt))
			}
			prLabelledIncident = prLabelledIncident || hasLabel(pr.Labels, "incident")
		}
		for _, is := range r.Issues {
			wholeSeconds(t, r.FullName, is.CreatedAt, is.UpdatedAt)
			if !hasLabel(is.Labels, "incident") {
				ordinaryIssue = true
				continue
			}
			for _, l := range is.Labels {
				if strings.EqualFold(l, "incident") {
					spellings[l] = r.FullName
				}
			}
			openIncident = openIncident || is.State == "open"
			closedIncident = closedIncident || is.State == "closed"
			closedLate = closedLate || (is.ClosedAt != nil && is.ClosedAt.After(ExampleEnd))
		}
	}
	checks := []struct {
		ok   bool
		what string
	}{
		{mergedByPerson && mergedByBot, "merged pull requests by people and by bots"},
		{mergedByDashBot, "a merged pull request by a user whose login ends in -bot"},
		{closedUnmergedWithSHA, "a pull request closed unmerged with a merge_commit_sha"},
		{open, "an open pull request"},
		{intoDefault && intoOther && intoUndeployedBranch, "pull requests into the default branch, another deployed branch and a branch no deployment names"},
		{shaDeployed && shaNotDeployed, "merge commits that a later production deployment has, and ones none has"},
		{over100 && over250, "pull requests with more than 100 and more than 250 commits"},
		{firstNotEarliest, "a pull request whose first commit is not its earliest"},
		{authoredBeforeCommitted, "a commit authored before it was committed"},
		{prLabelledIncident, "a pull request labelled incident"},
		{ordinaryIssue, "an issue without an incident label"},
		{openIncident && closedIncident && closedLate, "open and closed incidents, one closed after the organisation's end"},
		{spellings["incident"] != "" && spellings["Incident"] != "" && spellings["incident"] != spellings["Incident"], "incident labels spelt incident and Incident in different repositories"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("example organisation lacks %s", c.what)
		}
	}
}

func wholeSeconds(t *testing.T, repo string, times ...time.Time) {
	t.Helper()
	for _, at := range times {
		if at.Nanosecond() != 0 {
			t.Errorf("%s: %s is not a whole second", repo, at)
		}
	}
}

func hasLabel(labels []string, name string) bool {
	for _, l := range labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}
