package metrics

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// guideExample is the worked example of the metric definitions guide
// (templates/guides/metric-definitions.md.tmpl): one week, two
// repositories, one production environment.
func guideExample() DORAInput {
	d := func(id int64, sha, ref, created, deployed string) Deployment {
		return Deployment{ID: id, Repository: "acme/api", Environment: "production", SHA: sha, Ref: ref,
			CreatedAt: mt(created), DeployedAt: mtp(deployed), State: "success", Successful: true}
	}
	p := func(number int64, base, sha, firstCommit, merged string) PullRequest {
		return PullRequest{Repository: "acme/api", Number: number, BaseBranch: base, MergeCommitSHA: sha,
			FirstCommitAt: mtp(firstCommit), MergedAt: mt(merged)}
	}
	bot := p(15, "main", "ggg", "03-06 11:00", "03-06 12:00")
	bot.AuthorIsBot = true
	return DORAInput{
		Window: Window{Since: mt("03-02 00:00"), Until: mt("03-09 00:00"), Location: time.UTC},
		Deployments: []Deployment{
			d(101, "aaa", "main", "03-02 10:00", "03-02 10:30"),
			d(102, "bbb", "main", "03-03 15:00", "03-03 15:30"),
			d(103, "aaa", "main", "03-03 16:00", "03-03 16:30"),
			d(104, "ccc", "refs/heads/main", "03-05 09:00", "03-05 09:30"),
			d(105, "ddd", "main", "03-06 10:00", "03-06 10:30"),
		},
		PullRequests: []PullRequest{
			p(11, "main", "aaa", "03-01 12:00", "03-02 08:00"),
			p(12, "main", "bbb", "03-03 09:00", "03-03 14:00"),
			p(13, "main", "eee", "03-04 10:00", "03-04 12:00"),
			p(14, "release", "fff", "03-05 18:00", "03-05 20:00"),
			bot,
			p(16, "main", "hhh", "03-08 16:00", "03-08 20:00"),
		},
		Incidents: []Incident{
			{Repository: "acme/api", Number: 7, CreatedAt: mt("03-05 11:00"), ClosedAt: mtp("03-05 13:30")},
			{Repository: "acme/web", Number: 3, CreatedAt: mt("03-07 08:00")},
		},
	}
}

// TestGuideWorkedExample computes the guide's worked example and checks
// that the guide prints exactly these inputs and outputs, so neither the
// guide nor the code can change alone.
func TestGuideWorkedExample(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/metric-definitions.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	in := guideExample()
	got := ComputeDORA(in)
	withBots := in
	withBots.IncludeBots = true
	botsLeadTime, _ := LeadTimes(withBots.Window, withBots.Deployments, withBots.PullRequests, true)

	// The numbers the guide explains, asserted here as well so a wrong
	// computation cannot be "fixed" by pasting its output into the guide.
	want := []string{
		`lead_time = { changes = 5, delivered = 4, undelivered = 1, median_hours = 19.5, p90_hours = 23.5, median_merge_to_deploy_hours = 8.5, tier = "elite" }`,
		`lead_time = { changes = 6, delivered = 4, undelivered = 2, median_hours = 19.5, p90_hours = 23.5, median_merge_to_deploy_hours = 8.5, tier = "elite" }`,
		`change_failure_rate = { deployments = 5, failed = 2, by_incident = 1, by_rollback = 1, rate = 0.4, tier = "low" }`,
		`recovery_time = { failures = 3, recovered = 2, unresolved = 1, median_hours = 1.75, tier = "high" }`,
		`rework_rate = { deployments = 5, rework = 2, rate = 0.4 }`,
	}
	computed := []string{
		showLeadTime(got.LeadTime), showLeadTime(botsLeadTime), showChangeFailureRate(got.ChangeFailureRate),
		showRecoveryTime(got.RecoveryTime), showReworkRate(got.ReworkRate),
	}
	if !reflect.DeepEqual(computed, want) {
		t.Errorf("worked example:\n%s\nwant\n%s", strings.Join(computed, "\n"), strings.Join(want, "\n"))
	}
	wantChanges := []Change{
		{Repository: "acme/api", Number: 16, MergedAt: mt("03-08 20:00")},
		{Repository: "acme/api", Number: 14, MergedAt: mt("03-05 20:00"), DeploymentID: i64(105), LeadTimeHours: f64(16.5)},
		{Repository: "acme/api", Number: 13, MergedAt: mt("03-04 12:00"), DeploymentID: i64(104), LeadTimeHours: f64(23.5)},
		{Repository: "acme/api", Number: 12, MergedAt: mt("03-03 14:00"), DeploymentID: i64(102), LeadTimeHours: f64(6.5)},
		{Repository: "acme/api", Number: 11, MergedAt: mt("03-02 08:00"), DeploymentID: i64(101), LeadTimeHours: f64(22.5)},
	}
	if !reflect.DeepEqual(got.Changes, wantChanges) {
		t.Errorf("changes =\n%s\nwant\n%s", showChanges(got.Changes), showChanges(wantChanges))
	}
	wantFailures := []Failure{
		incidentFailure("acme/web", 3, 0, "03-07 08:00", ""),
		incidentFailure("acme/api", 7, 104, "03-05 11:00", "03-05 13:30"),
		rollbackFailure("acme/api", 102, "03-03 15:30", "03-03 16:30"),
	}
	if !reflect.DeepEqual(got.Failures, wantFailures) {
		t.Errorf("failures =\n%s\nwant\n%s", showFailures(got.Failures), showFailures(wantFailures))
	}

	// The guide's tables leave these columns out and say so in words.
	for _, d := range in.Deployments {
		if d.Repository != "acme/api" || d.Environment != "production" {
			t.Errorf("deployment %d: the guide says every deployment is acme/api's, to production", d.ID)
		}
	}
	for _, p := range in.PullRequests {
		if p.Repository != "acme/api" {
			t.Errorf("pull request %d: the guide says every pull request is acme/api's", p.Number)
		}
	}
	printed := append(computed,
		showDeployments(in.Deployments), showPullRequests(in.PullRequests), showIncidents(in.Incidents),
		showChanges(got.Changes), showFailures(got.Failures))
	for _, p := range printed {
		if !strings.Contains(string(guide), p) {
			t.Errorf("the guide's worked example does not contain:\n%s", p)
		}
	}
}

// ComputeDORA is the parts together, and no output depends on the order
// of the inputs.
func TestComputeDORA(t *testing.T) {
	in := guideExample()
	got := ComputeDORA(in)
	if got.DeploymentFrequency != Summarize(in.Window, in.Deployments).Frequency {
		t.Errorf("deployment_frequency differs from dxgh_deployments' frequency")
	}
	rev := in
	rev.Deployments, rev.PullRequests, rev.Incidents = slices.Clone(in.Deployments), slices.Clone(in.PullRequests), slices.Clone(in.Incidents)
	slices.Reverse(rev.Deployments)
	slices.Reverse(rev.PullRequests)
	slices.Reverse(rev.Incidents)
	if reversed := ComputeDORA(rev); !reflect.DeepEqual(reversed, got) {
		t.Errorf("reversed inputs give %+v\nwant %+v", reversed, got)
	}
	empty := ComputeDORA(DORAInput{Window: in.Window})
	want := DORA{
		DeploymentFrequency: Summarize(in.Window, nil).Frequency,
		Changes:             []Change{}, Failures: []Failure{},
	}
	if !reflect.DeepEqual(empty, want) {
		t.Errorf("no data: %+v\nwant %+v", empty, want)
	}
}
