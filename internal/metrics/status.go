package metrics

import (
	"sort"
	"strings"
	"time"
)

// Status is one deployment status.
type Status struct {
	ID        int64
	State     string
	CreatedAt time.Time
}

// stateOrder breaks ties between statuses created in the same second
// (GitHub's resolution): a later state in this list counts as newer. IDs
// cannot break them: GraphQL gives a status no databaseId, and both API
// modes must give the same answer. The order follows a deployment's life:
// waiting, running, an outcome, and inactive once superseded.
var stateOrder = map[string]int{"pending": 1, "queued": 2, "in_progress": 3, "success": 4, "failure": 5, "error": 6, "inactive": 7}

// ordered returns the statuses oldest first, by created_at, then state
// (stateOrder), then ID, so ties are broken the same way every time and in
// both API modes.
func ordered(statuses []Status) []Status {
	out := append([]Status(nil), statuses...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		if stateOrder[a.State] != stateOrder[b.State] {
			return stateOrder[a.State] < stateOrder[b.State]
		}
		return a.ID < b.ID
	})
	return out
}

// NewestState is the state of the newest status, or "" when there is none.
func NewestState(statuses []Status) string {
	if len(statuses) == 0 {
		return ""
	}
	s := ordered(statuses)
	return s[len(s)-1].State
}

// DeployedAt is when the first "success" status was created, or nil.
func DeployedAt(statuses []Status) *time.Time {
	for _, s := range ordered(statuses) {
		if s.State == "success" {
			t := s.CreatedAt
			return &t
		}
	}
	return nil
}

// Succeeded reports whether the deployment ever reached "success".
func Succeeded(statuses []Status) bool { return DeployedAt(statuses) != nil }

// Failed reports whether the newest state is "failure" or "error".
func Failed(state string) bool { return state == "failure" || state == "error" }

// IsProduction applies the production rule: the environment is one of the
// production environments, case-insensitively; or, when none are named,
// GitHub's production_environment flag is set.
func IsProduction(environment string, productionFlag bool, productionEnvironments []string) bool {
	if len(productionEnvironments) == 0 {
		return productionFlag
	}
	for _, p := range productionEnvironments {
		if strings.EqualFold(p, environment) {
			return true
		}
	}
	return false
}
