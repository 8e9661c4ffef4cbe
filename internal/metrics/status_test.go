package metrics

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestStatusRules(t *testing.T) {
	cases := []struct {
		name       string
		statuses   []Status
		state      string
		deployedAt string // "" = nil
		succeeded  bool
	}{
		{name: "no statuses", statuses: nil, state: "", succeeded: false},
		{name: "pending, in progress, success (given out of order)", statuses: []Status{
			{ID: 3, State: "success", CreatedAt: at("2026-10-01T10:05:00Z")},
			{ID: 1, State: "pending", CreatedAt: at("2026-10-01T10:00:00Z")},
			{ID: 2, State: "in_progress", CreatedAt: at("2026-10-01T10:01:00Z")},
		}, state: "success", deployedAt: "2026-10-01T10:05:00Z", succeeded: true},
		{name: "inactive after success: still successful", statuses: []Status{
			{ID: 1, State: "success", CreatedAt: at("2026-10-01T10:00:00Z")},
			{ID: 2, State: "inactive", CreatedAt: at("2026-10-02T10:00:00Z")},
		}, state: "inactive", deployedAt: "2026-10-01T10:00:00Z", succeeded: true},
		{name: "failure after success: newest is failure, still successful", statuses: []Status{
			{ID: 1, State: "success", CreatedAt: at("2026-10-01T10:00:00Z")},
			{ID: 2, State: "failure", CreatedAt: at("2026-10-01T11:00:00Z")},
		}, state: "failure", deployedAt: "2026-10-01T10:00:00Z", succeeded: true},
		{name: "same second: the higher ID is newer", statuses: []Status{
			{ID: 8, State: "error", CreatedAt: at("2026-10-01T10:00:00Z")},
			{ID: 7, State: "success", CreatedAt: at("2026-10-01T10:00:00Z")},
		}, state: "error", deployedAt: "2026-10-01T10:00:00Z", succeeded: true},
		{name: "deployed_at is the first of two successes", statuses: []Status{
			{ID: 2, State: "success", CreatedAt: at("2026-10-01T12:00:00Z")},
			{ID: 1, State: "success", CreatedAt: at("2026-10-01T11:00:00Z")},
		}, state: "success", deployedAt: "2026-10-01T11:00:00Z", succeeded: true},
		{name: "only failure", statuses: []Status{{ID: 1, State: "failure", CreatedAt: at("2026-10-01T10:00:00Z")}},
			state: "failure", succeeded: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewestState(tc.statuses); got != tc.state {
				t.Errorf("NewestState = %q, want %q", got, tc.state)
			}
			got := DeployedAt(tc.statuses)
			switch {
			case tc.deployedAt == "" && got != nil:
				t.Errorf("DeployedAt = %v, want nil", got)
			case tc.deployedAt != "" && (got == nil || !got.Equal(at(tc.deployedAt))):
				t.Errorf("DeployedAt = %v, want %s", got, tc.deployedAt)
			}
			if Succeeded(tc.statuses) != tc.succeeded {
				t.Errorf("Succeeded = %v, want %v", !tc.succeeded, tc.succeeded)
			}
		})
	}
}

func TestIsProduction(t *testing.T) {
	cases := []struct {
		env   string
		flag  bool
		named []string
		want  bool
	}{
		{"production", false, []string{"Production"}, true}, // case-insensitive
		{"staging", true, []string{"production"}, false},    // named set wins over the flag
		{"staging", true, nil, true},                        // no names: the flag decides
		{"production", false, nil, false},
		{"prod-eu", false, []string{"production", "PROD-EU"}, true},
	}
	for _, tc := range cases {
		if got := IsProduction(tc.env, tc.flag, tc.named); got != tc.want {
			t.Errorf("IsProduction(%q, %v, %v) = %v, want %v", tc.env, tc.flag, tc.named, got, tc.want)
		}
	}
}
