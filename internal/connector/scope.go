package connector

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// Scope is what a connection can import: its usable installations and the
// repositories left after the settings.
type Scope struct {
	Installations []ghclient.Installation // usable, sorted by ID
	Suspended     []ghclient.Installation // reported, never used
	Seen          []ghclient.Repository   // every repository the installations can access
	Repositories  []ghclient.Repository   // in scope, sorted by full name
	Excluded      map[Exclusion][]string  // out-of-scope full names by reason
}

// ResolveScope checks the app's credentials and installations and lists the
// repositories in scope. Its failures are *Error with one of the codes,
// except transport failures (GitHub unreachable after retries, rate limits),
// which are returned as they are.
func ResolveScope(ctx context.Context, gh GitHub, s Settings) (*Scope, error) {
	all, err := gh.Client.Installations(ctx)
	if err != nil {
		return nil, installationsError(gh, err)
	}
	sc := &Scope{Excluded: map[Exclusion][]string{}}
	for _, inst := range all {
		if inst.SuspendedAt != nil {
			sc.Suspended = append(sc.Suspended, inst)
			continue
		}
		sc.Installations = append(sc.Installations, inst)
	}
	sort.Slice(sc.Installations, func(i, j int) bool { return sc.Installations[i].ID < sc.Installations[j].ID })
	if err := checkInstallations(gh, all, sc); err != nil {
		return nil, err
	}
	if err := sc.listRepositories(ctx, gh); err != nil {
		return nil, err
	}
	for _, repo := range sc.Seen {
		if why := s.Exclude(repo); why != Included {
			sc.Excluded[why] = append(sc.Excluded[why], repo.FullName)
			continue
		}
		sc.Repositories = append(sc.Repositories, repo)
	}
	if len(sc.Repositories) == 0 {
		return nil, noResourcesError(sc)
	}
	return sc, nil
}

func checkInstallations(gh GitHub, all []ghclient.Installation, sc *Scope) error {
	const fix = "Install the app on your organisation (the app's settings page → Install App) and select the repositories to import."
	if len(all) == 0 {
		return newError(InvalidPermissions,
			fmt.Sprintf("Checked GET /app/installations for app %d at %s: the app has no installations. %s", gh.AppID, gh.BaseURL, fix),
			"app %d is not installed on any account", gh.AppID)
	}
	if len(sc.Installations) == 0 {
		return newError(InvalidPermissions,
			fmt.Sprintf("Checked GET /app/installations for app %d: every installation is suspended (%s). Unsuspend one in the account's settings → GitHub Apps → Configure.", gh.AppID, describeAll(sc.Suspended)),
			"every installation of app %d is suspended", gh.AppID)
	}
	var problems []string
	for _, inst := range sc.Installations {
		if missing := missingPermissions(inst); len(missing) > 0 {
			problems = append(problems, fmt.Sprintf("%s lacks read access to %s (has: %s)",
				describeInstallation(inst), strings.Join(missing, ", "), formatPermissions(inst.Permissions)))
		}
	}
	if len(problems) > 0 {
		return newError(InvalidPermissions,
			fmt.Sprintf("Checked the permissions of each installation (GET /app/installations/{id}):\n- %s\nIn the app's settings → Permissions & events, grant read-only access to Actions, Deployments, Issues, Metadata and Pull requests (repository) and Members (organization), then approve the new permissions on each installation (account settings → GitHub Apps → Review request).",
				strings.Join(problems, "\n- ")),
			"%d installation(s) of app %d lack required permissions", len(problems), gh.AppID)
	}
	return nil
}

// listRepositories lists every installation's repositories concurrently.
func (sc *Scope) listRepositories(ctx context.Context, gh GitHub) error {
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(gh.concurrency())
	for _, inst := range sc.Installations {
		recovered.Go(g, func() error {
			repos, err := gh.Client.InstallationRepositories(gctx, inst)
			if err != nil {
				return repositoriesError(inst, err)
			}
			mu.Lock()
			sc.Seen = append(sc.Seen, repos...)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	sc.Seen = dedupeRepositories(sc.Seen)
	return nil
}

// dedupeRepositories sorts by full name and keeps the first of any
// repository reachable through two installations.
func dedupeRepositories(repos []ghclient.Repository) []ghclient.Repository {
	sort.SliceStable(repos, func(i, j int) bool {
		return strings.ToLower(repos[i].FullName) < strings.ToLower(repos[j].FullName)
	})
	out := repos[:0]
	for i, r := range repos {
		if i > 0 && strings.EqualFold(r.FullName, out[len(out)-1].FullName) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func repositoriesError(inst ghclient.Installation, err error) error {
	var rejected *Error
	if errors.As(TokenRejected(err), &rejected) {
		return rejected
	}
	var apiErr *ghclient.APIError
	if errors.As(err, &apiErr) && (apiErr.StatusCode == 403 || apiErr.StatusCode == 404 || apiErr.StatusCode == 422) {
		return newError(InvalidPermissions,
			fmt.Sprintf("Checked %s %s for %s: GitHub answered %d %q. The installation may have been removed, suspended or changed since it was listed; check it in the account's settings → GitHub Apps.",
				apiErr.Method, apiErr.Route, describeInstallation(inst), apiErr.StatusCode, apiErr.Message),
			"%s cannot be used", describeInstallation(inst))
	}
	return fmt.Errorf("listing repositories of %s: %w", describeInstallation(inst), err)
}

func noResourcesError(sc *Scope) error {
	var reasons []string
	for _, why := range []Exclusion{ExcludedIgnored, ExcludedArchived, ExcludedPublic, ExcludedFork} {
		if n := len(sc.Excluded[why]); n > 0 {
			reasons = append(reasons, fmt.Sprintf("%d %s", n, why))
		}
	}
	detail := fmt.Sprintf("Checked GET /installation/repositories for %s: the app can access %d repositories",
		describeAll(sc.Installations), len(sc.Seen))
	if len(reasons) > 0 {
		detail += ", and the settings exclude all of them: " + strings.Join(reasons, ", ") +
			". Enable the matching import_* setting or remove entries from ignored_repositories."
	} else {
		detail += ". Select repositories for the installation in the account's settings → GitHub Apps → Configure → Repository access."
	}
	return newError(NoResources, detail, "no repository is in scope (%d seen)", len(sc.Seen))
}

func describeAll(insts []ghclient.Installation) string {
	parts := make([]string, len(insts))
	for i, inst := range insts {
		parts[i] = describeInstallation(inst)
	}
	return strings.Join(parts, ", ")
}
