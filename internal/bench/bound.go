package bench

import (
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Bound is the REST lower bound of DESIGN §6 for one run (verification,
// environments read, deployments read), computed from the fixture alone.
type Bound struct {
	Installations    int // GET /app/installations pages
	Tokens           int // per installation, one token for each kind of read it serves (repositories, environments, deployments)
	RepositoryPages  int // GET /installation/repositories pages
	EnvironmentPages int // GET …/environments pages per repository in scope
	DeploymentPages  int // per repository and production environment query, the pages that reach back to since
	StatusPages      int // every status page of each production deployment in the window

	// InWindow is not a request count: the production deployments in the
	// window, which the read must return.
	InWindow int
}

// Total is the bound in requests.
func (b Bound) Total() int {
	return b.Installations + b.Tokens + b.RepositoryPages + b.EnvironmentPages + b.DeploymentPages + b.StatusPages
}

func pages(items int) int { return max(1, (items+99)/100) }

// LowerBound counts, for app appID with default scope settings, the fewest
// requests that can read the fixture: no request repeated, 100 per page,
// deployment paging stopped on the first page that reaches before since.
func LowerBound(f *sandbox.Fixture, appID int64, s connector.Settings, since, until time.Time) Bound {
	var b Bound
	var insts []sandbox.Installation
	for _, inst := range f.Installations {
		if inst.AppID == appID && inst.SuspendedAt == nil {
			insts = append(insts, inst)
		}
	}
	b.Installations = pages(len(insts))
	for _, inst := range insts {
		// Each read has its own token (least privilege): the repository
		// list's, and the environments' and deployments' once needed.
		b.Tokens++
		environments, deployments := false, false
		var repos []sandbox.Repository
		for _, r := range f.Repositories {
			if inst.RepositorySelection == "all" && strings.EqualFold(strings.Split(r.FullName, "/")[0], inst.Account.Login) {
				repos = append(repos, r)
			}
		}
		b.RepositoryPages += pages(len(repos))
		for _, r := range repos {
			if r.Archived || r.Fork || r.Visibility == "public" {
				continue // out of scope by default
			}
			b.EnvironmentPages += pages(len(r.Environments))
			environments = true
			before := b.DeploymentPages
			b.addDeployments(r, s, since, until)
			deployments = deployments || b.DeploymentPages > before
		}
		for _, needed := range []bool{environments, deployments} {
			if needed {
				b.Tokens++
			}
		}
	}
	return b
}

func (b *Bound) addDeployments(r sandbox.Repository, s connector.Settings, since, until time.Time) {
	queries := map[string][]sandbox.Deployment{}
	if len(s.ProductionEnvironments) == 0 {
		queries[""] = r.Deployments
	} else {
		for _, e := range r.Environments {
			if s.IsProductionName(e.Name) {
				queries[e.Name] = nil
			}
		}
		for _, d := range r.Deployments {
			if _, ok := queries[d.Environment]; ok {
				queries[d.Environment] = append(queries[d.Environment], d)
			}
		}
	}
	for env, deps := range queries {
		// Newest first: the pages up to and including the first deployment
		// created before since.
		newer, older := 0, false
		for _, d := range deps {
			if d.CreatedAt.Before(since) {
				older = true
			} else {
				newer++
			}
		}
		needed := newer
		if older {
			needed++
		}
		b.DeploymentPages += pages(needed)
		for _, d := range deps {
			inWindow := !d.CreatedAt.Before(since) && d.CreatedAt.Before(until)
			production := env != "" || d.ProductionEnvironment
			if inWindow && production {
				b.StatusPages += pages(len(d.Statuses))
				b.InWindow++
			}
		}
	}
}

// Floor is the shortest wall time any client could read the bound's
// requests in, at latency per request and concurrency requests at once,
// given what must wait for what: the installation list before the tokens,
// a token before its repository list, each list's first page before the
// rest (whose URLs its Link header gives), the repository list before
// anything per repository, and a repository's deployments before their
// statuses. The ideal, requests × latency ÷ concurrency, ignores those
// waits; at small sizes they are most of the time.
func (b Bound) Floor(latency time.Duration, concurrency int) time.Duration {
	rounds := func(n int) int { return (n + concurrency - 1) / concurrency }
	paged := func(n int) int { return min(n, 1) + rounds(n-1) } // page 1, then the rest at once
	verify := paged(b.Installations) + rounds(b.Tokens) + paged(b.RepositoryPages) + rounds(b.EnvironmentPages)
	deployments := max(rounds(b.DeploymentPages+b.StatusPages), min(b.DeploymentPages, 1)+rounds(b.StatusPages))
	return time.Duration(verify+deployments) * latency
}
