package connector

import (
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

func TestExcludeFollowsTheImportSettings(t *testing.T) {
	private := ghclient.Repository{FullName: "acme/api", Visibility: "private", Private: true}
	internal := ghclient.Repository{FullName: "acme/pay", Visibility: "internal", Private: true}
	public := ghclient.Repository{FullName: "acme/docs", Visibility: "public"}
	legacyPublic := ghclient.Repository{FullName: "acme/old", Private: false} // no visibility field (older GHES)
	archived := ghclient.Repository{FullName: "acme/legacy", Visibility: "private", Archived: true}
	fork := ghclient.Repository{FullName: "acme/fork", Visibility: "private", Fork: true}
	cases := []struct {
		name string
		s    Settings
		repo ghclient.Repository
		want Exclusion
	}{
		{"private is in", Settings{}, private, Included},
		{"internal counts as private", Settings{}, internal, Included},
		{"public is out by default", Settings{}, public, ExcludedPublic},
		{"public without visibility is judged by private", Settings{}, legacyPublic, ExcludedPublic},
		{"public in when enabled", Settings{ImportPublic: true}, public, Included},
		{"archived out by default", Settings{}, archived, ExcludedArchived},
		{"archived in when enabled", Settings{ImportArchived: true}, archived, Included},
		{"fork out by default", Settings{}, fork, ExcludedFork},
		{"fork in when enabled", Settings{ImportForked: true}, fork, Included},
		{"ignored beats every import setting", Settings{ImportPublic: true, IgnoredRepositories: []string{"ACME/Docs"}}, public, ExcludedIgnored},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Exclude(tc.repo); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJWTRejectionNamesTheLikelyCause(t *testing.T) {
	cases := map[string]string{
		"'Expiration time' claim ('exp') is too far in the future":           "clock skew",
		"'Issued at' claim ('iat') must be an Integer representing the time": "clock skew",
		"Integration not found":                 "unknown app ID",
		"A JSON web token could not be decoded": "wrong app ID or key of another app",
	}
	for msg, want := range cases {
		if got, _ := jwtRejection(msg); got != want {
			t.Errorf("%q: got %q, want %q", msg, got, want)
		}
	}
}
