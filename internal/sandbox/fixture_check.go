package sandbox

import "fmt"

// checkChanges refuses pull requests and issues GitHub could not have: a
// repository numbers its issues and pull requests from one sequence, so a
// number names one of them; database ids name one object across the
// organisation (the sandbox also lists a pull request among the issues,
// under its own id); and a closed one has closed_at, a merged one was
// closed when it was merged.
func checkChanges(f *Fixture) error {
	ids := map[int64]string{}
	claim := func(id int64, what string) error {
		if prev, dup := ids[id]; dup {
			return fmt.Errorf("sandbox: %s has id %d, as %s has", what, id, prev)
		}
		ids[id] = what
		return nil
	}
	for _, r := range f.Repositories {
		numbers := map[int64]string{}
		number := func(n int64, what string) error {
			if n < 1 {
				return fmt.Errorf("sandbox: %s: numbers start at 1", what)
			}
			if prev, dup := numbers[n]; dup {
				return fmt.Errorf("sandbox: %s: number %d is %s's already", what, n, prev)
			}
			numbers[n] = what
			return nil
		}
		for _, pr := range r.PullRequests {
			what := fmt.Sprintf("%s pull request #%d", r.FullName, pr.Number)
			if err := firstError(number(pr.Number, what), claim(pr.ID, what), checkState(what, pr.State, pr.ClosedAt != nil)); err != nil {
				return err
			}
			if pr.MergedAt != nil && (pr.ClosedAt == nil || !pr.ClosedAt.Equal(*pr.MergedAt)) {
				return fmt.Errorf("sandbox: %s: merged_at %s without the same closed_at", what, stamp(*pr.MergedAt))
			}
		}
		for _, is := range r.Issues {
			what := fmt.Sprintf("%s issue #%d", r.FullName, is.Number)
			if err := firstError(number(is.Number, what), claim(is.ID, what), checkState(what, is.State, is.ClosedAt != nil)); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkState(what, state string, closed bool) error {
	switch {
	case state != "open" && state != "closed":
		return fmt.Errorf("sandbox: %s: state %q, want open or closed", what, state)
	case (state == "closed") != closed:
		return fmt.Errorf("sandbox: %s: state %s but closed_at %s", what, state, map[bool]string{true: "set", false: "unset"}[closed])
	}
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
