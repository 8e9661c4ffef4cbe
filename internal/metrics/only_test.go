package metrics

import "testing"

// A group's input is the whole read's, of its repositories only, in order,
// with the rest of the input unchanged.
func TestDORAInputOnly(t *testing.T) {
	in := DORAInput{
		Deployments:  []Deployment{{ID: 1, Repository: "acme/api"}, {ID: 2, Repository: "acme/web"}, {ID: 3, Repository: "acme/web"}},
		PullRequests: []PullRequest{{Number: 1, Repository: "acme/web"}, {Number: 2, Repository: "acme/api"}},
		Incidents:    []Incident{{Number: 3, Repository: "acme/web"}},
		IncludeBots:  true,
	}
	got := in.Only([]string{"acme/web"})
	if len(got.Deployments) != 2 || got.Deployments[0].ID != 2 || got.Deployments[1].ID != 3 ||
		len(got.PullRequests) != 1 || got.PullRequests[0].Number != 1 || len(got.Incidents) != 1 || !got.IncludeBots {
		t.Errorf("Only(acme/web) = %+v", got)
	}
	if none := in.Only(nil); len(none.Deployments)+len(none.PullRequests)+len(none.Incidents) != 0 {
		t.Errorf("Only(nothing) = %+v", none)
	}
	if len(in.Deployments) != 3 || len(in.PullRequests) != 2 {
		t.Error("Only changed the whole input")
	}
}
