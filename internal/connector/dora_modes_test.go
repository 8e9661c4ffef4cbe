package connector

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
)

// Both API modes give identical DORAData: the example organisation and
// generated ones, with production named and by flag, without incident
// labels, with one, two, and one in a spelling no repository uses.
func TestBothModesGiveIdenticalDORAData(t *testing.T) {
	example, err := sandbox.LoadFixture(filepath.Join(sandbox.ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	fixtures := map[string]*sandbox.Fixture{"example": realBots(example)}
	for name, f := range generatedWithChanges(t) {
		fixtures[name] = realBots(f)
	}
	labelSets := map[string][]string{"none": nil, "incident": {"incident"}, "incident+sev1": {"incident", "sev1"}, "INCIDENT": {"INCIDENT"}}
	for name, f := range fixtures {
		t.Run(name, func(t *testing.T) {
			srv := sandbox.ServeTest(t, f, sandbox.Options{})
			rest, gql := fixtureGitHub(t, srv, APIREST), fixtureGitHub(t, srv, APIGraphQL)
			for sname, s := range map[string]Settings{"named": {ProductionEnvironments: []string{"production", "Production"}}, "flag": {}} {
				for lname, labels := range labelSets {
					t.Run(sname+", labels "+lname, func(t *testing.T) {
						q := DORAQuery{Since: exampleSince, Until: exampleUntil, IncidentLabels: labels}
						r, g := collectDORA(t, rest, s, q), collectDORA(t, gql, s, q)
						parts := []string{"deployments", "changes", "incidents"}
						if labels == nil {
							parts = parts[:2]
						}
						for _, part := range parts {
							if !reflect.DeepEqual(r[part], g[part]) {
								t.Errorf("the modes' %s differ:\n rest only    %v\n graphql only %v", part, onlyIn(r[part], g[part]), onlyIn(g[part], r[part]))
							}
							if len(r[part]) == 0 {
								t.Errorf("no %s: the comparison shows nothing", part)
							}
						}
					})
				}
			}
		})
	}
}

// collectDORA is CollectDORA's result in one comparable form: every field
// the metrics read (the deployments' statuses as their newest state and
// deployed_at: GraphQL gives a status no ID).
func collectDORA(t *testing.T, gh GitHub, s Settings, q DORAQuery) map[string][]string {
	t.Helper()
	ctx := context.Background()
	v, err := Verify(ctx, gh, s)
	if err != nil {
		t.Fatalf("%s: %v", gh.API, err)
	}
	data, err := CollectDORA(ctx, gh, v.Repositories, s, q)
	if err != nil {
		if gh.API == APIGraphQL {
			skipUntilTheSandboxServesLabels(t, err)
		}
		t.Fatalf("%s: %v", gh.API, err)
	}
	out := map[string][]string{}
	for _, d := range data.Deployments {
		sts := make([]metrics.Status, len(d.Statuses))
		for i, st := range d.Statuses {
			sts[i] = metrics.Status{ID: st.ID, State: st.State, CreatedAt: st.CreatedAt}
		}
		out["deployments"] = append(out["deployments"], fmt.Sprintf("%s %d %s %s key=%s %s newest=%s deployed=%v", d.Repository, d.ID, d.SHA, d.Ref,
			d.EnvironmentKey, d.CreatedAt.Format(time.RFC3339), metrics.NewestState(sts), metrics.DeployedAt(sts)))
	}
	for _, p := range data.PullRequests {
		first := "none"
		if p.FirstCommitAt != nil {
			first = p.FirstCommitAt.Format(time.RFC3339)
		}
		out["changes"] = append(out["changes"], fmt.Sprintf("%s #%d merged=%s sha=%s base=%s first=%s bot=%v", p.Repository, p.Number,
			p.MergedAt.Format(time.RFC3339), p.MergeCommitSHA, p.BaseBranch, first, p.AuthorIsBot))
	}
	for _, in := range data.Incidents {
		closed := "open"
		if in.ClosedAt != nil {
			closed = in.ClosedAt.Format(time.RFC3339)
		}
		out["incidents"] = append(out["incidents"], fmt.Sprintf("%s #%d created=%s closed=%s", in.Repository, in.Number, in.CreatedAt.Format(time.RFC3339), closed))
	}
	return out
}

// generatedWithChanges are generated organisations with pull requests and
// issues, ending where the example organisation does.
func generatedWithChanges(t *testing.T) map[string]*sandbox.Fixture {
	t.Helper()
	pub, err := os.ReadFile(filepath.Join(exampleOrg, "app.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*sandbox.Fixture{}
	for _, seed := range []int64{1, 2} {
		out[fmt.Sprintf("generated %d", seed)] = orggen.Generate(orggen.Spec{Repos: 150, Seed: seed, Start: exampleUntil.Add(-90 * 24 * time.Hour),
			End: exampleUntil, DeploymentsPerRepo: 12, MaxStatuses: 4, AppID: 1001, PublicKeyPEM: string(pub)})
	}
	return out
}
