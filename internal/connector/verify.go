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
	var out []Warning
	for _, name := range sortedCopy(s.ProductionEnvironments) {
		if matchesAny(name, discovered) {
			continue
		}
		out = append(out, Warning{
			Attribute: "production_environments",
			Summary:   fmt.Sprintf("production environment %q matches no environment", name),
			Detail:    unmatchedDetail(name, "environments discovered in the repositories in scope", groupNames(groups)),
		})
	}
	return out
}

func unmatchedIgnored(s Settings, sc *Scope) []Warning {
	seen := make([]string, len(sc.Seen))
	for i, r := range sc.Seen {
		seen[i] = r.FullName
	}
	var out []Warning
	for _, name := range sortedCopy(s.IgnoredRepositories) {
		if matchesAny(name, seen) {
			continue
		}
		out = append(out, Warning{
			Attribute: "ignored_repositories",
			Summary:   fmt.Sprintf("ignored repository %q matches no repository", name),
			Detail:    unmatchedDetail(name, "repositories the installations can access", seen),
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
