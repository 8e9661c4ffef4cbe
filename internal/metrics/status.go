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

// ordered returns the statuses oldest first, by created_at then ID, so ties
// within GitHub's one-second resolution are broken the same way every time.
func ordered(statuses []Status) []Status {
	out := append([]Status(nil), statuses...)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
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
