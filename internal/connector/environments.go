package connector

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// EnvironmentGroup is one environment across repositories. GitHub compares
// environment names case-insensitively, so spellings that differ only in
// case are one group; Name is the spelling used by the most repositories,
// ties going to the smallest in byte order, so it does not flip between runs.
type EnvironmentGroup struct {
	Name         string
	Spellings    []string // every spelling seen, sorted
	Repositories []string // full names, sorted
}

// DiscoverEnvironments lists every environment of every repository (all
// pages) and groups them by name. A repository whose environments cannot be
// read fails the whole call, naming it: a silently missing repository
// would make every later number wrong.
func DiscoverEnvironments(ctx context.Context, gh GitHub, repos []ghclient.Repository) ([]EnvironmentGroup, error) {
	byRepo, err := ListEnvironments(ctx, gh, repos)
	if err != nil {
		return nil, err
	}
	return GroupEnvironments(byRepo), nil
}

// ListEnvironments returns each repository's environments by full name.
func ListEnvironments(ctx context.Context, gh GitHub, repos []ghclient.Repository) (map[string][]ghclient.Environment, error) {
	return gh.reader().Environments(ctx, repos)
}

// GroupEnvironments merges environments across repositories by
// case-insensitive name; groups are sorted by lower-cased name.
func GroupEnvironments(byRepo map[string][]ghclient.Environment) []EnvironmentGroup {
	type acc struct {
		repos     map[string]bool
		spellings map[string]map[string]bool // spelling → repositories using it
	}
	groups := map[string]*acc{}
	for repo, envs := range byRepo {
		for _, env := range envs {
			key := strings.ToLower(env.Name)
			a := groups[key]
			if a == nil {
				a = &acc{repos: map[string]bool{}, spellings: map[string]map[string]bool{}}
				groups[key] = a
			}
			a.repos[repo] = true
			if a.spellings[env.Name] == nil {
				a.spellings[env.Name] = map[string]bool{}
			}
			a.spellings[env.Name][repo] = true
		}
	}
	out := make([]EnvironmentGroup, 0, len(groups))
	for _, a := range groups {
		g := EnvironmentGroup{Repositories: sortedKeys(a.repos)}
		best := -1
		for _, sp := range sortedKeys(a.spellings) {
			g.Spellings = append(g.Spellings, sp)
			if n := len(a.spellings[sp]); n > best {
				g.Name, best = sp, n
			}
		}
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return lessFold(out[i].Name, out[j].Name) })
	return out
}

func groupNames(groups []EnvironmentGroup) []string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	return names
}

// lessFold orders case-insensitively, then by bytes so the order is total.
func lessFold(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// repositoryError names the repository and endpoint of a failed read.
func repositoryError(repo ghclient.Repository, route string, err error) error {
	return fmt.Errorf("reading %s (%s): %w", repo.FullName, route, err)
}

// progress logs "done / total" for long reads, about every tenth.
type progress struct {
	ctx         context.Context
	what        string
	total, step int
	mu          sync.Mutex
	n           int
}

func newProgress(ctx context.Context, what string, total int) *progress {
	return &progress{ctx: ctx, what: what, total: total, step: max(1, total/10)}
}

func (p *progress) done() {
	p.mu.Lock()
	p.n++
	n := p.n
	p.mu.Unlock()
	if n%p.step == 0 || n == p.total {
		safelog.Info(p.ctx, "dxgh: reading "+p.what, map[string]any{"repositories_done": n, "repositories_total": p.total})
	}
}
