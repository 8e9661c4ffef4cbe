// Package orggen builds sandbox organisations: Generate makes benchmark
// organisations of any size from a seed, and ExampleOrg is the hand-shaped
// organisation checked in under internal/sandbox/testdata/example-org.
//
// Both are deterministic: the same input gives the same fixture, byte for
// byte once written, so benchmark results and acceptance expectations stay
// comparable across runs and machines.
package orggen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Spec describes a generated organisation.
type Spec struct {
	// Org is the organisation's login; default "bench".
	Org string
	// Repos is the number of repositories.
	Repos int
	// Seed makes the organisation: the same Spec gives the same fixture.
	Seed int64
	// Start and End bound the deployments' created_at, [Start, End).
	Start, End time.Time
	// DeploymentsPerRepo is the average; the organisation has exactly
	// Repos × DeploymentsPerRepo deployments, spread unevenly as in real
	// organisations where a few services ship most.
	DeploymentsPerRepo int
	// Environments are the environment names repositories draw from,
	// lower case; some repositories spell them capitalised, as GitHub
	// treats environment names case-insensitively. The first is the
	// production environment and every repository with deployments has
	// it. Default: production, staging, qa, preview.
	Environments []string
	// MaxStatuses is the most statuses a deployment gets (at least 1);
	// default 3.
	MaxStatuses int
	// AppID and PublicKeyPEM describe the app installed on the
	// organisation with every permission the provider needs.
	AppID        int64
	PublicKeyPEM string
	// Teams is the number of teams, with repository topics (orggen_teams.go);
	// 0: none, and no topics.
	Teams int
}

// Identifiers of generated organisations. Fixed so tests can name them.
const (
	GeneratedAccountID      int64 = 7000001
	GeneratedInstallationID int64 = 7100001
)

// RequiredPermissions are the installation permissions the provider checks
// for (DESIGN §2), all read.
var RequiredPermissions = map[string]string{
	"actions":       "read",
	"deployments":   "read",
	"issues":        "read",
	"metadata":      "read",
	"pull_requests": "read",
	"members":       "read",
}

// Generate builds the organisation spec describes, with pull requests and
// incident issues around its production deployments (orggen_changes.go).
// It panics on a spec
// that cannot describe one (End not after Start, negative sizes), as a
// benchmark misconfiguration should stop the run at once.
func Generate(spec Spec) *sandbox.Fixture {
	spec = spec.withDefaults()
	if !spec.End.After(spec.Start) || spec.Repos < 0 || spec.DeploymentsPerRepo < 0 {
		panic(fmt.Sprintf("orggen: invalid spec: %d repos, %d deployments per repo, %s to %s",
			spec.Repos, spec.DeploymentsPerRepo, spec.Start, spec.End))
	}
	g := &generator{spec: spec, rng: rand.New(rand.NewPCG(uint64(spec.Seed), 0x64786768))}
	return g.fixture()
}

func (s Spec) withDefaults() Spec {
	if s.Org == "" {
		s.Org = "bench"
	}
	if len(s.Environments) == 0 {
		s.Environments = []string{"production", "staging", "qa", "preview"}
	}
	if s.MaxStatuses < 1 {
		s.MaxStatuses = 3
	}
	if s.AppID == 0 {
		s.AppID = 1001
	}
	return s
}

type generator struct {
	spec Spec
	rng  *rand.Rand
}

func (g *generator) fixture() *sandbox.Fixture {
	s := g.spec
	created := s.Start.AddDate(-1, 0, 0)
	f := &sandbox.Fixture{
		Apps: []sandbox.App{{
			ID: s.AppID, Slug: "bench-dx-github-deployments", Name: "Bench DX - GitHub Deployments",
			PublicKeyPEM: s.PublicKeyPEM,
		}},
		Installations: []sandbox.Installation{{
			ID:                  GeneratedInstallationID,
			AppID:               s.AppID,
			Account:             sandbox.Account{ID: GeneratedAccountID, Login: s.Org, Type: "Organization"},
			RepositorySelection: "all",
			Permissions:         clonePermissions(RequiredPermissions),
			CreatedAt:           created,
		}},
		Repositories: make([]sandbox.Repository, s.Repos),
	}
	counts := g.deploymentCounts()
	envID := int64(8000001)
	for i := range f.Repositories {
		r := &f.Repositories[i]
		*r = g.repository(i, created)
		if counts[i] == 0 && g.rng.IntN(4) == 0 {
			continue // some idle repositories have no environments at all
		}
		for _, name := range g.environmentNames() {
			r.Environments = append(r.Environments, sandbox.Environment{ID: envID, Name: name, CreatedAt: created.Add(time.Duration(i) * time.Minute)})
			envID++
		}
	}
	g.deployments(f.Repositories, counts)
	g.changes(f.Repositories) // from a random source of its own
	g.teams(f)                // last, from a random source of its own
	return f
}

func clonePermissions(p map[string]string) map[string]string {
	c := make(map[string]string, len(p))
	for k, v := range p {
		c[k] = v
	}
	return c
}

// repository draws the repository's visibility and flags: most are
// private or internal, about one in six public, one in ten archived, one
// in twenty a fork.
func (g *generator) repository(i int, created time.Time) sandbox.Repository {
	visibility := "private"
	switch n := g.rng.IntN(100); {
	case n < 17:
		visibility = "public"
	case n < 35:
		visibility = "internal"
	}
	return sandbox.Repository{
		ID:            9000001 + int64(i),
		FullName:      fmt.Sprintf("%s/service-%04d", g.spec.Org, i+1),
		Visibility:    visibility,
		Archived:      g.rng.IntN(10) == 0,
		Fork:          g.rng.IntN(20) == 0,
		DefaultBranch: "main",
		CreatedAt:     created.Add(time.Duration(i) * time.Minute),
		Environments:  []sandbox.Environment{},
		Deployments:   []sandbox.Deployment{},
	}
}

// environmentNames picks the production environment and a random subset
// of the others, each capitalised now and then.
func (g *generator) environmentNames() []string {
	names := []string{g.spelling(g.spec.Environments[0])}
	for _, n := range g.spec.Environments[1:] {
		if g.rng.IntN(2) == 0 {
			names = append(names, g.spelling(n))
		}
	}
	return names
}

func (g *generator) spelling(name string) string {
	if name != "" && g.rng.IntN(4) == 0 {
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return name
}

// deploymentCounts spreads exactly Repos × DeploymentsPerRepo deployments
// over the repositories with skewed weights, by largest remainder so the
// total is exact.
func (g *generator) deploymentCounts() []int {
	n := g.spec.Repos
	counts := make([]int, n)
	total := n * g.spec.DeploymentsPerRepo
	if n == 0 || total == 0 {
		return counts
	}
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		// A quarter of repositories barely deploy; the rest vary tenfold.
		w := 0.02
		if g.rng.IntN(4) != 0 {
			u := g.rng.Float64()
			w = 0.2 + u*u*2
		}
		weights[i] = w
		sum += w
	}
	assigned := 0
	rem := make([]float64, n)
	for i, w := range weights {
		exact := float64(total) * w / sum
		counts[i] = int(exact)
		rem[i] = exact - float64(counts[i])
		assigned += counts[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for k := 0; assigned < total; k++ {
		counts[order[k%n]]++
		assigned++
	}
	return counts
}

type pending struct {
	repo int
	at   time.Time
}

// deployments draws every deployment's time first and numbers them in time
// order across the organisation, as GitHub's ids grow with creation; then
// fills each in and lists each repository's newest first.
func (g *generator) deployments(repos []sandbox.Repository, counts []int) {
	span := g.spec.End.Sub(g.spec.Start)
	var all []pending
	for i, c := range counts {
		for range c {
			all = append(all, pending{repo: i, at: g.spec.Start.Add(time.Duration(g.rng.Int64N(int64(span)))).Truncate(time.Second)})
		}
	}
	slices.SortStableFunc(all, func(a, b pending) int { return a.at.Compare(b.at) })

	for i, c := range counts {
		repos[i].Deployments = make([]sandbox.Deployment, 0, c)
	}
	lastSHA := make([]string, len(repos))
	statusID := int64(30000001)
	for k, p := range all {
		r := &repos[p.repo]
		env := g.deploymentEnvironment(r.Environments)
		sha := lastSHA[p.repo]
		if sha == "" || g.rng.IntN(8) != 0 { // one in eight redeploys the previous SHA
			sha = randomSHA(g.rng)
			lastSHA[p.repo] = sha
		}
		d := sandbox.Deployment{
			ID:                    20000001 + int64(k),
			SHA:                   sha,
			Ref:                   "main",
			Task:                  "deploy",
			Environment:           env,
			ProductionEnvironment: strings.EqualFold(env, g.spec.Environments[0]),
			Creator:               creators[g.rng.IntN(len(creators))],
			CreatedAt:             p.at,
		}
		d.Statuses, statusID = g.statuses(p.at, statusID)
		r.Deployments = append(r.Deployments, d)
	}
	for i := range repos {
		slices.Reverse(repos[i].Deployments) // newest first, as GitHub lists them
	}
}

var creators = []string{"alice", "bob", "carol", "deploy-bot", "deploy-bot", "release-bot"}

// deploymentEnvironment favours production: half of all deployments.
func (g *generator) deploymentEnvironment(envs []sandbox.Environment) string {
	if len(envs) == 0 {
		return g.spec.Environments[0]
	}
	if len(envs) == 1 || g.rng.IntN(2) == 0 {
		return envs[0].Name
	}
	return envs[1+g.rng.IntN(len(envs)-1)].Name
}

// randomSHA is 40 random hex digits, the shape of a commit SHA.
func randomSHA(rng *rand.Rand) string {
	const hex = "0123456789abcdef"
	var b [40]byte
	for i := range b {
		b[i] = hex[rng.IntN(16)]
	}
	return string(b[:])
}

// pickWeighted draws an index in [0, n), i with probability weight(i) over
// the sum of the weights.
func pickWeighted(rng *rand.Rand, n int, weight func(i int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	r := rng.IntN(total)
	for i := range n {
		if r < weight(i) {
			return i
		}
		r -= weight(i)
	}
	panic("unreachable: r < total")
}

// statuses draws a status history of 1 to MaxStatuses statuses: mostly
// successes, some failures and errors, some superseded (success then
// inactive). Listed newest first, as GitHub does.
func (g *generator) statuses(at time.Time, nextID int64) ([]sandbox.Status, int64) {
	var states []string
	switch n := g.rng.IntN(100); {
	case n < 70:
		states = []string{"success"}
	case n < 82:
		states = []string{"failure"}
	case n < 87:
		states = []string{"error"}
	default:
		states = []string{"success", "inactive"}
	}
	for len(states) < g.spec.MaxStatuses && g.rng.IntN(2) == 0 {
		states = append([]string{"in_progress"}, states...)
	}
	if len(states) > g.spec.MaxStatuses {
		states = states[:g.spec.MaxStatuses] // keep the success of success→inactive
	}
	out := make([]sandbox.Status, len(states))
	t := at
	for i, s := range states {
		t = t.Add(time.Duration(10+g.rng.IntN(600)) * time.Second)
		out[len(states)-1-i] = sandbox.Status{ID: nextID, State: s, Creator: "deploy-bot", CreatedAt: t}
		nextID++
	}
	return out, nextID
}
