package connector

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// ProductionDeployment is a production deployment in the window with every
// one of its statuses.
type ProductionDeployment struct {
	Repository string
	ghclient.Deployment
	Statuses []ghclient.DeploymentStatus
	// EnvironmentKey groups deployments by environment: the configured
	// production_environments spelling it matched, or, with the flag
	// fallback, the smallest spelling of its name seen in the result.
	EnvironmentKey string
}

// CollectDeployments reads the production deployments created in
// [since, until) of every repository, and their statuses. With production
// environments named, it asks GitHub for those environments only (the
// spellings the repository's environment list uses); otherwise it lists
// every deployment and keeps those GitHub flags as production. Paging stops
// once a page reaches before since. Any repository that cannot be read fails
// the whole call: results are complete or there are none.
func CollectDeployments(ctx context.Context, gh GitHub, repos []ghclient.Repository, s Settings, since, until time.Time) ([]ProductionDeployment, error) {
	rd := gh.reader()
	var byRepo map[string][]ghclient.Deployment
	var err error
	if len(s.ProductionEnvironments) == 0 {
		byRepo, err = rd.AllDeployments(ctx, repos, since)
	} else {
		var spellings map[string][]string
		if spellings, err = productionSpellings(ctx, rd, repos, s); err == nil {
			byRepo, err = rd.NamedDeployments(ctx, repos, spellings, since)
		}
	}
	if err != nil {
		return nil, err
	}
	// Sized once: at 2,000 repositories these are 10,000 deployments each,
	// and growing them by doubling is much of a read's memory.
	listed := 0
	for _, deps := range byRepo {
		listed += len(deps)
	}
	found := make([]ProductionDeployment, 0, listed)
	wanted := make([]ghclient.RepositoryDeployment, 0, listed)
	for _, repo := range repos {
		seen := map[int64]bool{}
		for _, d := range byRepo[repo.FullName] {
			// GitHub may match the filter case-insensitively, so two
			// spellings can return the same deployment; the name check
			// guards against a filter looser than ours.
			production := d.ProductionEnvironment
			if len(s.ProductionEnvironments) > 0 {
				production = s.IsProductionName(d.Environment)
			}
			if !production || seen[d.ID] || !d.CreatedAt.Before(until) {
				continue
			}
			seen[d.ID] = true
			d.Ref = displayRef(d.Ref)
			found = append(found, ProductionDeployment{Repository: repo.FullName, Deployment: d})
			wanted = append(wanted, ghclient.RepositoryDeployment{Repository: repo, Deployment: d})
		}
	}
	statuses, err := rd.Statuses(ctx, wanted)
	if err != nil {
		return nil, err
	}
	for i := range found {
		found[i].Statuses = statuses[found[i].ID]
	}
	assignEnvironmentKeys(found, s)
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		return a.ID > b.ID
	})
	return found, nil
}

// displayRef is a deployment's ref as both API modes report it: a branch or
// tag name without refs/heads/ or refs/tags/ (GraphQL's Ref.name), or the
// sha of a bare commit (REST's ref, and GraphQL's commitOid).
func displayRef(ref string) string {
	for _, prefix := range []string{"refs/heads/", "refs/tags/"} {
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			return name
		}
	}
	return ref
}

// productionSpellings are, per repository, its environment names that
// match a production environment case-insensitively. GitHub creates an
// environment for every deployment's environment name, so the list covers
// them all.
func productionSpellings(ctx context.Context, rd Reader, repos []ghclient.Repository, s Settings) (map[string][]string, error) {
	envs, err := rd.Environments(ctx, repos)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, repo := range repos {
		for _, e := range envs[repo.FullName] {
			if s.IsProductionName(e.Name) {
				out[repo.FullName] = append(out[repo.FullName], e.Name)
			}
		}
		sort.Strings(out[repo.FullName])
	}
	return out, nil
}

func assignEnvironmentKeys(found []ProductionDeployment, s Settings) {
	smallest := map[string]string{}
	for _, d := range found {
		k := strings.ToLower(d.Environment)
		if cur, ok := smallest[k]; !ok || d.Environment < cur {
			smallest[k] = d.Environment
		}
	}
	for i := range found {
		if name := s.productionName(found[i].Environment); name != "" {
			found[i].EnvironmentKey = name
		} else {
			found[i].EnvironmentKey = smallest[strings.ToLower(found[i].Environment)]
		}
	}
}
