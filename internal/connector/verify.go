package connector

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Verification is a verified connection: its scope, the environments
// discovered in it, and warnings about settings that match nothing.
type Verification struct {
	*Scope
	Environments []EnvironmentGroup
	Warnings     []Warning
}

// Warning is a setting that matches nothing; Attribute names it.
type Warning struct {
	Attribute string
	Summary   string
	Detail    string
}

// Verify runs the whole connection check: credentials, installations and
// permissions, repositories in scope, and their environments.
func Verify(ctx context.Context, gh GitHub, s Settings) (*Verification, error) {
	sc, err := ResolveScope(ctx, gh, s)
	if err != nil {
		return nil, err
	}
	groups, err := DiscoverEnvironments(ctx, gh, sc.Repositories)
	if err != nil {
		return nil, err
	}
	v := &Verification{Scope: sc, Environments: groups}
	v.Warnings = append(v.Warnings, suspendedWarnings(sc)...)
	v.Warnings = append(v.Warnings, unmatchedProduction(s, groups)...)
	v.Warnings = append(v.Warnings, unmatchedIgnored(s, sc)...)
	return v, nil
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

func unmatchedProduction(s Settings, groups []EnvironmentGroup) []Warning {
	var discovered []string
	for _, g := range groups {
		discovered = append(discovered, g.Spellings...)
	}
	return unmatched("production_environments", "production environment", "environment", s.ProductionEnvironments,
		discovered, groupNames(groups), "environments discovered in the repositories in scope")
}

func unmatchedIgnored(s Settings, sc *Scope) []Warning {
	seen := make([]string, len(sc.Seen))
	for i, r := range sc.Seen {
		seen[i] = r.FullName
	}
	return unmatched("ignored_repositories", "ignored repository", "repository", s.IgnoredRepositories,
		seen, seen, "repositories the installations can access")
}

// unmatched warns, on attribute, about each configured name that matches
// none of the candidates, listing what was discovered.
func unmatched(attribute, setting, noun string, configured, candidates, discovered []string, what string) []Warning {
	var out []Warning
	for _, name := range sortedCopy(configured) {
		if matchesAny(name, candidates) {
			continue
		}
		out = append(out, Warning{
			Attribute: attribute,
			Summary:   fmt.Sprintf("%s %q matches no %s", setting, name, noun),
			Detail:    unmatchedDetail(name, what, discovered),
		})
	}
	return out
}

func unmatchedDetail(name, what string, discovered []string) string {
	if len(discovered) == 0 {
		return fmt.Sprintf("No %s were found, so %q has no effect.", what, name)
	}
	return fmt.Sprintf("%q matches none of the %d %s (names compare case-insensitively). Closest: %q. Discovered: %s.",
		name, len(discovered), what, closest(name, discovered), strings.Join(discovered, ", "))
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
