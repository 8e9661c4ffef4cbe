package orggen

import (
	"bytes"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The benchmark's teams: as many as asked, nested, a fixture the sandbox
// accepts, some repositories in no team and some teams with none, and the
// rest of the organisation as it is without teams.
func TestGenerateTeams(t *testing.T) {
	spec := Spec{Repos: 2000, DeploymentsPerRepo: 2, Seed: 3, Start: benchStart, End: benchEnd, Teams: 100}
	f := Generate(spec)
	if len(f.Teams) != spec.Teams {
		t.Fatalf("teams = %d, want %d", len(f.Teams), spec.Teams)
	}
	if err := sandbox.CheckTeams(f); err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	granted := map[string]bool{}
	empty, topics := 0, 0
	for _, tm := range f.Teams {
		parent[tm.Slug] = tm.Parent
		if len(tm.Repositories) == 0 {
			empty++
		}
		for _, r := range tm.Repositories {
			granted[r] = true
		}
	}
	deepest := 0
	for slug := range parent {
		d := 0
		for p := parent[slug]; p != ""; p = parent[p] {
			d++
		}
		deepest = max(deepest, d)
	}
	for _, r := range f.Repositories {
		if len(r.Topics) > 0 {
			topics++
		}
	}
	if deepest != 2 || empty == 0 || len(granted) == len(f.Repositories) || len(granted) < len(f.Repositories)/2 || topics == 0 || topics == len(f.Repositories) {
		t.Errorf("deepest nesting %d (want 2), %d teams with no repository, %d of %d repositories granted, %d with topics",
			deepest, empty, len(granted), len(f.Repositories), topics)
	}
	without := spec
	without.Teams = 0
	g := Generate(without)
	f.Teams = nil
	for i := range f.Repositories {
		f.Repositories[i].Topics = nil
	}
	if !bytes.Equal(marshal(t, f), marshal(t, g)) {
		t.Error("teams changed the rest of the organisation")
	}
	if !bytes.Equal(marshal(t, Generate(spec)), marshal(t, Generate(spec))) {
		t.Error("the same spec gave two different organisations")
	}
}
