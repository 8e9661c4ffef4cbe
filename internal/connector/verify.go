package connector

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// Verification is a verified connection: its scope, the environments
// discovered in it, the configured names that match nothing, and warnings
// about them.
type Verification struct {
	*Scope
	Environments []EnvironmentGroup
	// UnmatchedProduction and UnmatchedIgnored are the production_environments
	// and ignored_repositories entries that match nothing discovered, sorted.
	UnmatchedProduction []string
	UnmatchedIgnored    []string
	Warnings            []Warning
}

// Warning is a setting that matches nothing; Attribute names it.
type Warning struct {
	Attribute string
	Summary   string
	Detail    string
}

// closestShown is how many discovered names a warning suggests.
const closestShown = 5

// Verify runs the whole connection check: credentials, installations and
// permissions, repositories in scope, and their environments.
func Verify(ctx context.Context, gh GitHub, s Settings) (*Verification, error) {
	sc, err := ResolveScope(ctx, gh, s)
	if err != nil {
		return nil, err
	}
	groups, err := DiscoverEnvironments(ctx, gh, sc.Repositories)
	if err != nil {
		return nil, TokenRejected(err)
	}
	v := &Verification{Scope: sc, Environments: groups}
	v.Warnings = append(v.Warnings, suspendedWarnings(sc)...)
	production := unmatchedProduction(s, groups, "environments discovered in the repositories in scope")
	v.UnmatchedProduction = production.names()
	v.Warnings = append(v.Warnings, production.warnings()...)
	ignored := unmatchedIgnored(s, sc)
	v.UnmatchedIgnored = ignored.names()
	v.Warnings = append(v.Warnings, ignored.warnings()...)
	return v, nil
}

// ProductionWarnings warns about each production_environments name that
// matches no environment of repos, as Verify does for the whole scope. It
// lists the environments through the Reader, whose look-ups the client
// memoises: after CollectDeployments (which lists them whenever
// production_environments is set) it makes no request.
func ProductionWarnings(ctx context.Context, gh GitHub, repos []ghclient.Repository, s Settings) ([]Warning, error) {
	if len(s.ProductionEnvironments) == 0 {
		return nil, nil
	}
	byRepo, err := ListEnvironments(ctx, gh, repos)
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("environments discovered in the %d repositories read", len(repos))
	return unmatchedProduction(s, GroupEnvironments(byRepo), what).warnings(), nil
}

func suspendedWarnings(sc *Scope) []Warning {
	if len(sc.Suspended) == 0 {
		return nil
	}
	return []Warning{{
		Summary: "suspended installations are not used",
		Detail:  fmt.Sprintf("GET /app/installations lists %s; suspended installations cannot read repositories, so their repositories are not imported. Unsuspend them in the account's settings → GitHub Apps if they should be.", describeAll(sc.Suspended)),
	}}
}

func unmatchedProduction(s Settings, groups []EnvironmentGroup, what string) unmatchedNames {
	var spellings []string
	for _, g := range groups {
		spellings = append(spellings, g.Spellings...)
	}
	return findUnmatched("production_environments", "production environment", "environment", s.ProductionEnvironments,
		spellings, groupNames(groups), what)
}

func unmatchedIgnored(s Settings, sc *Scope) unmatchedNames {
	seen := make([]string, len(sc.Seen))
	for i, r := range sc.Seen {
		seen[i] = r.FullName
	}
	return findUnmatched("ignored_repositories", "ignored repository", "repository", s.IgnoredRepositories,
		seen, seen, "repositories the installations can access")
}

// unmatchedNames are the configured names of one attribute that match
// none of the candidates, with what a warning about them says.
type unmatchedNames struct {
	attribute, setting, noun, what string
	unmatched, discovered          []string
}

// findUnmatched keeps each configured name (sorted) that matches none of
// candidates case-insensitively; discovered is what a warning suggests.
func findUnmatched(attribute, setting, noun string, configured, candidates, discovered []string, what string) unmatchedNames {
	u := unmatchedNames{attribute: attribute, setting: setting, noun: noun, what: what, discovered: discovered}
	for _, name := range sortedCopy(configured) {
		if !matchesAny(name, candidates) {
			u.unmatched = append(u.unmatched, name)
		}
	}
	return u
}

func (u unmatchedNames) names() []string { return append([]string{}, u.unmatched...) }

func (u unmatchedNames) warnings() []Warning {
	var out []Warning
	for _, name := range u.unmatched {
		out = append(out, Warning{
			Attribute: u.attribute,
			Summary:   fmt.Sprintf("%s %q matches no %s", u.setting, name, u.noun),
			Detail:    unmatchedDetail(name, u.what, u.discovered),
		})
	}
	return out
}

// unmatchedDetail names the closest discovered names, not all of them: an
// organisation may have dozens.
func unmatchedDetail(name, what string, discovered []string) string {
	if len(discovered) == 0 {
		return fmt.Sprintf("No %s were found, so %q has no effect.", what, name)
	}
	return fmt.Sprintf("%q matches none of the %d %s, so it has no effect; names compare case-insensitively. Closest: %s.",
		name, len(discovered), what, QuotedList(Closest(name, discovered, closestShown)))
}

func matchesAny(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
