package sandbox

import (
	"math"
	"time"
)

// Rebase shifts every timestamp of the fixture by a whole number of days so
// that its newest deployment falls on the day before now: a demo's "last 30
// days" then has data whatever the date. Whole days keep each deployment's
// time of day, and so the daily series' shape.
func (f *Fixture) Rebase(now time.Time) {
	var newest time.Time
	for _, r := range f.Repositories {
		for _, d := range r.Deployments {
			if d.CreatedAt.After(newest) {
				newest = d.CreatedAt
			}
		}
	}
	if newest.IsZero() {
		return
	}
	// Count calendar days in UTC, not elapsed hours: 23:00 two days ago is
	// less than 48 hours back but must still move by one more day.
	day := func(t time.Time) time.Time {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	days := int(math.Round(day(now).Sub(day(newest)).Hours()/24)) - 1
	shift := func(t time.Time) time.Time { return t.AddDate(0, 0, days) }
	for i := range f.Installations {
		f.Installations[i].CreatedAt = shift(f.Installations[i].CreatedAt)
		if s := f.Installations[i].SuspendedAt; s != nil {
			t := shift(*s)
			f.Installations[i].SuspendedAt = &t
		}
	}
	for i := range f.Repositories {
		r := &f.Repositories[i]
		r.CreatedAt = shift(r.CreatedAt)
		for j := range r.Environments {
			r.Environments[j].CreatedAt = shift(r.Environments[j].CreatedAt)
		}
		for j := range r.Deployments {
			d := &r.Deployments[j]
			d.CreatedAt = shift(d.CreatedAt)
			for k := range d.Statuses {
				d.Statuses[k].CreatedAt = shift(d.Statuses[k].CreatedAt)
			}
		}
		rebaseChanges(r, shift)
	}
}

// rebaseChanges shifts a repository's pull requests, their commits, and
// its issues.
func rebaseChanges(r *Repository, shift func(time.Time) time.Time) {
	shiftPtr := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		s := shift(*t)
		return &s
	}
	for i := range r.PullRequests {
		pr := &r.PullRequests[i]
		pr.CreatedAt, pr.UpdatedAt = shift(pr.CreatedAt), shift(pr.UpdatedAt)
		pr.ClosedAt, pr.MergedAt = shiftPtr(pr.ClosedAt), shiftPtr(pr.MergedAt)
		for j := range pr.Commits {
			c := &pr.Commits[j]
			c.AuthoredAt, c.CommittedAt = shift(c.AuthoredAt), shift(c.CommittedAt)
		}
	}
	for i := range r.Issues {
		is := &r.Issues[i]
		is.CreatedAt, is.UpdatedAt = shift(is.CreatedAt), shift(is.UpdatedAt)
		is.ClosedAt = shiftPtr(is.ClosedAt)
	}
}
