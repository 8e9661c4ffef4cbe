package orggen

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// GeneratedTeamIDs are the ids of generated teams, in creation order.
const GeneratedTeamIDs int64 = 9000001

// benchTopics are what generated repositories' topics are drawn from.
var benchTopics = []string{"backend", "frontend", "data", "infrastructure", "mobile", "payments", "ml", "go", "java", "python"}

// teams gives the organisation spec.Teams teams, nested up to three deep
// (a tenth are roots, the rest children of an earlier team), each granted
// a spread of repositories (one team in seven none, some repositories in
// no team), and gives repositories up to three topics. From a random
// source of their own, drawn after everything else, so with Teams 0 the
// fixture is what it was before teams existed.
func (g *generator) teams(f *sandbox.Fixture) {
	n := g.spec.Teams
	if n <= 0 {
		return
	}
	rng := rand.New(rand.NewPCG(uint64(g.spec.Seed), 0x7465616d))
	depth := make([]int, n)
	for i := 0; i < n; i++ {
		t := sandbox.Team{ID: GeneratedTeamIDs + int64(i), Org: g.spec.Org, Slug: fmt.Sprintf("team-%03d", i+1),
			Name: fmt.Sprintf("Team %03d", i+1), Privacy: []string{"closed", "closed", "secret"}[rng.IntN(3)]}
		if i >= max(1, n/10) {
			if p := rng.IntN(i); depth[p] < 2 {
				t.Parent, depth[i] = f.Teams[p].Slug, depth[p]+1
			}
		}
		for m := rng.IntN(8); m >= 0; m-- {
			t.Members = append(t.Members, fmt.Sprintf("dev-%03d", rng.IntN(3*n)))
		}
		if len(f.Repositories) > 0 && rng.IntN(7) != 0 {
			// Repositories past the last tenth are never granted: in no team.
			granted := max(1, len(f.Repositories)*9/10)
			for k := 1 + rng.IntN(2*len(f.Repositories)/n+1); k > 0; k-- {
				name := f.Repositories[rng.IntN(granted)].FullName
				if !slices.Contains(t.Repositories, name) {
					t.Repositories = append(t.Repositories, name)
				}
			}
		}
		f.Teams = append(f.Teams, t)
	}
	for i := range f.Repositories {
		for _, k := range rng.Perm(len(benchTopics))[:rng.IntN(4)] {
			f.Repositories[i].Topics = append(f.Repositories[i].Topics, benchTopics[k])
		}
	}
}
