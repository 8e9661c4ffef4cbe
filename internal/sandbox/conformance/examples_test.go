package conformance

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strconv"
	"testing"
)

// GitHub's description carries an example body for most responses. They
// must pass the check: otherwise a failure against the sandbox could be the
// validator's fault rather than the sandbox's.
func TestGitHubsOwnExamplesConform(t *testing.T) {
	s := githubSpec(t)
	checked := 0
	for _, e := range ProviderEndpoints {
		op := s.doc.Paths.Find(e.Path).GetOperation(e.Method)
		codes := make([]string, 0, op.Responses.Len())
		for code := range op.Responses.Map() {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			status, err := strconv.Atoi(code)
			if err != nil {
				continue // "default" or "2XX": no example to replay as one status
			}
			media := op.Responses.Value(code).Value.Content.Get("application/json")
			if media == nil {
				continue
			}
			for name, ex := range media.Examples {
				if ex.Value == nil {
					continue
				}
				body, err := json.Marshal(ex.Value.Value)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Check(e, status, jsonHeader, body); err != nil && !onlyStaleExampleProblems(e, err) {
					t.Errorf("example %q: %v", name, err)
				}
				checked++
			}
		}
	}
	if checked < len(ProviderEndpoints) {
		t.Errorf("checked only %d examples for %d endpoints: the description's examples were not found", checked, len(ProviderEndpoints))
	}
	t.Logf("%d examples conform", checked)
}

// staleExampleProblems are the problems GitHub's own examples have against
// their own schemas: the description's team schema requires a type that
// the pull-request list and the teams examples, older than it, lack, and
// the team-full example lacks the organisation's required archived_at. The
// check is right and the examples stale, so these problems, and only these,
// are let pass.
var staleExampleProblems = map[Endpoint][]string{
	{"GET", "/repos/{owner}/{repo}/pulls"}: {`/0/requested_teams/0/type: property "type" is missing`},
	{"GET", "/orgs/{org}/teams"}:           {`/0/type: property "type" is missing`},
	{"GET", "/orgs/{org}/teams/{team_slug}"}: {
		`/organization/archived_at: property "archived_at" is missing`, `/type: property "type" is missing`,
	},
}

func onlyStaleExampleProblems(e Endpoint, err error) bool {
	var mismatch *MismatchError
	if !errors.As(err, &mismatch) || len(mismatch.Problems) == 0 {
		return false
	}
	for _, p := range mismatch.Problems {
		if !slices.Contains(staleExampleProblems[e], p) {
			return false
		}
	}
	return true
}

// The one known defect of the description in the operations the provider
// uses is corrected, and nothing else is touched.
func TestLoadCorrectsGitHubsUserOrEnterpriseUnion(t *testing.T) {
	s := githubSpec(t)
	want := "/paths/~1app~1installations/get/responses/200/content/application~1json/schema/items/properties/account"
	if len(s.Corrections) != 1 || s.Corrections[0] != want {
		t.Errorf("Corrections = %q, want [%q]", s.Corrections, want)
	}
}
