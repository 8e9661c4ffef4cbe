package sandbox

import "time"

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
	days := int(now.Sub(newest).Hours()/24) - 1
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
	}
}
