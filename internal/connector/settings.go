package connector

import (
	"sort"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// Settings are a connection's import settings.
type Settings struct {
	ImportArchived         bool
	ImportPublic           bool
	ImportForked           bool
	ProductionEnvironments []string
	IgnoredRepositories    []string
}

// Exclusion says why a repository is out of scope.
type Exclusion string

const (
	Included         Exclusion = ""
	ExcludedArchived Exclusion = "archived (import_archived = false)"
	ExcludedPublic   Exclusion = "public (import_public = false)"
	ExcludedFork     Exclusion = "forks (import_forked = false)"
	ExcludedIgnored  Exclusion = "listed in ignored_repositories"
)

// Exclude reports why repo is out of scope, or Included. Ignored comes
// first because it is the most explicit setting; `internal` visibility
// counts as private, as it does for GitHub's own "private repositories"
// billing and search.
func (s Settings) Exclude(repo ghclient.Repository) Exclusion {
	switch {
	case s.ignores(repo.FullName):
		return ExcludedIgnored
	case repo.Archived && !s.ImportArchived:
		return ExcludedArchived
	case isPublic(repo) && !s.ImportPublic:
		return ExcludedPublic
	case repo.Fork && !s.ImportForked:
		return ExcludedFork
	}
	return Included
}

func (s Settings) ignores(fullName string) bool {
	for _, ig := range s.IgnoredRepositories {
		if strings.EqualFold(ig, fullName) {
			return true
		}
	}
	return false
}

func isPublic(repo ghclient.Repository) bool {
	if repo.Visibility != "" {
		return repo.Visibility == "public"
	}
	return !repo.Private
}

// IsProductionName reports whether env is one of the production environment
// names, case-insensitively, as GitHub compares environment names.
func (s Settings) IsProductionName(env string) bool {
	return s.productionName(env) != ""
}

// productionName returns the configured spelling that env matches, or "".
// When two configured names differ only in case, the smallest wins so the
// choice is stable.
func (s Settings) productionName(env string) string {
	names := append([]string(nil), s.ProductionEnvironments...)
	sort.Strings(names)
	for _, p := range names {
		if strings.EqualFold(p, env) {
			return p
		}
	}
	return ""
}
