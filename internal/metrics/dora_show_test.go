package metrics

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Renderings of the DORA outputs, in the form the metric definitions guide
// prints them, so a test can check the guide's worked example against the
// code and failures print readably.

func showFloat(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func showString(v *string) string {
	if v == nil {
		return "null"
	}
	return strconv.Quote(*v)
}

func showInt(v *int64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatInt(*v, 10)
}

func showTime(t *time.Time) string {
	if t == nil {
		return "null"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func showLeadTime(l LeadTime) string {
	return fmt.Sprintf("lead_time = { changes = %d, delivered = %d, undelivered = %d, median_hours = %s, p90_hours = %s, median_merge_to_deploy_hours = %s, tier = %s }",
		l.Changes, l.Delivered, l.Undelivered, showFloat(l.MedianHours), showFloat(l.P90Hours), showFloat(l.MedianMergeToDeployHours), showString(l.Tier))
}

func showChangeFailureRate(c ChangeFailureRate) string {
	return fmt.Sprintf("change_failure_rate = { deployments = %d, failed = %d, by_incident = %d, by_rollback = %d, rate = %s, tier = %s }",
		c.Deployments, c.Failed, c.ByIncident, c.ByRollback, showFloat(c.Rate), showString(c.Tier))
}

func showRecoveryTime(r RecoveryTime) string {
	return fmt.Sprintf("recovery_time = { failures = %d, recovered = %d, unresolved = %d, median_hours = %s, tier = %s }",
		r.Failures, r.Recovered, r.Unresolved, showFloat(r.MedianHours), showString(r.Tier))
}

func showReworkRate(r ReworkRate) string {
	return fmt.Sprintf("rework_rate = { deployments = %d, rework = %d, rate = %s }", r.Deployments, r.Rework, showFloat(r.Rate))
}

// table renders a markdown table the way the guide writes it.
func table(header []string, rows [][]string) string {
	line := func(cells []string) string { return "| " + strings.Join(cells, " | ") + " |\n" }
	out := line(header) + line(strings.Split(strings.Repeat("---,", len(header)-1)+"---", ","))
	for _, r := range rows {
		out += line(r)
	}
	return out
}

func code(s string) string { return "`" + s + "`" }

func showDeployments(deps []Deployment) string {
	var rows [][]string
	for _, d := range deps {
		rows = append(rows, []string{strconv.FormatInt(d.ID, 10), code(d.SHA), code(d.Ref), showTime(&d.CreatedAt), showTime(d.DeployedAt)})
	}
	return table([]string{"id", "sha", "ref", "created_at", "deployed_at"}, rows)
}

func showPullRequests(pulls []PullRequest) string {
	var rows [][]string
	for _, p := range pulls {
		author := "User"
		if p.AuthorIsBot {
			author = "Bot"
		}
		rows = append(rows, []string{strconv.FormatInt(p.Number, 10), author, code(p.BaseBranch), code(p.MergeCommitSHA),
			showTime(p.FirstCommitAt), showTime(&p.MergedAt)})
	}
	return table([]string{"number", "author type", "base", "merge commit", "first commit", "merged_at"}, rows)
}

func showIncidents(incidents []Incident) string {
	var rows [][]string
	for _, i := range incidents {
		closed := "open"
		if i.ClosedAt != nil {
			closed = showTime(i.ClosedAt)
		}
		rows = append(rows, []string{code(i.Repository), strconv.FormatInt(i.Number, 10), showTime(&i.CreatedAt), closed})
	}
	return table([]string{"repository", "number", "created_at", "closed_at"}, rows)
}

func showChanges(changes []Change) string {
	var rows [][]string
	for _, c := range changes {
		rows = append(rows, []string{code(c.Repository), strconv.FormatInt(c.Number, 10), showTime(&c.MergedAt),
			showInt(c.DeploymentID), showFloat(c.LeadTimeHours)})
	}
	return table([]string{"repository", "number", "merged_at", "deployment_id", "lead_time_hours"}, rows)
}

func showFailures(failures []Failure) string {
	var rows [][]string
	for _, f := range failures {
		rows = append(rows, []string{code(f.Repository), showInt(f.DeploymentID), code(f.Cause), showInt(f.IssueNumber),
			showTime(&f.StartedAt), showTime(f.RecoveredAt)})
	}
	return table([]string{"repository", "deployment_id", "cause", "issue_number", "started_at", "recovered_at"}, rows)
}
