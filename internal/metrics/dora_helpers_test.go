package metrics

import "time"

// Helpers for the DORA tests. Times are "MM-DD HH:MM[:SS]" in March 2026,
// UTC, so tables read like timelines.

var march = Window{Since: mt("03-01 00:00"), Until: mt("04-01 00:00"), Location: time.UTC}

func mt(s string) time.Time {
	layout := "2006-01-02 15:04"
	if len(s) > len("01-02 15:04") {
		layout += ":05"
	}
	t, err := time.Parse(layout, "2026-"+s)
	if err != nil {
		panic(err)
	}
	return t
}

func mtp(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := mt(s)
	return &t
}

// prod is a successful production deployment of repository "r",
// environment "production", deployed 30 minutes after it was created.
func prod(id int64, sha, ref, created string) Deployment {
	c := mt(created)
	deployed := c.Add(30 * time.Minute)
	return Deployment{ID: id, Repository: "r", Environment: "production", SHA: sha, Ref: ref,
		CreatedAt: c, DeployedAt: &deployed, State: "success", Successful: true}
}

func (d Deployment) in(repo, env string) Deployment {
	d.Repository, d.Environment = repo, env
	return d
}

func (d Deployment) deployedAt(s string) Deployment {
	d.DeployedAt = mtp(s)
	return d
}

// unsuccessful makes d a deployment that never reached success.
func (d Deployment) unsuccessful() Deployment {
	d.DeployedAt, d.State, d.Successful = nil, "failure", false
	return d
}

// pr is a person's pull request to repository "r", base main, whose
// first commit is an hour before the merge.
func pr(number int64, sha, merged string) PullRequest {
	m := mt(merged)
	first := m.Add(-time.Hour)
	return PullRequest{Repository: "r", Number: number, MergedAt: m, MergeCommitSHA: sha, BaseBranch: "main", FirstCommitAt: &first}
}

func incident(number int64, created, closed string) Incident {
	return Incident{Repository: "r", Number: number, CreatedAt: mt(created), ClosedAt: mtp(closed)}
}

func f64(v float64) *float64 { return &v }
func i64(v int64) *int64     { return &v }
func str(v string) *string   { return &v }
