package ghclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// Installations lists the app's installations (with the app's JWT): all of
// them, or exactly Config.InstallationIDs when set, each read with
// GET /app/installations/{installation_id} (an ID that is not the app's is a
// 404 *APIError with InstallationID set).
func (c *Client) Installations(ctx context.Context) ([]Installation, error) {
	ctx = c.logContext(ctx)
	insts, err := once(ctx, &c.memo, "installations", func(ctx context.Context) ([]Installation, error) {
		if len(c.onlyIDs) > 0 {
			return c.selectedInstallations(ctx)
		}
		cl := call{Route: "GET /app/installations"}
		insts, err := getAll[Installation](ctx, c, c.app, cl, "app/installations", nil, "", nil)
		if err != nil {
			return nil, err
		}
		c.remember(insts...)
		return insts, nil
	})
	return slices.Clone(insts), err
}

func (c *Client) selectedInstallations(ctx context.Context) ([]Installation, error) {
	insts := make([]Installation, len(c.onlyIDs))
	g, gctx := errgroup.WithContext(ctx)
	for i, id := range c.onlyIDs {

		recovered.Go(g, func() error {
			inst, err := c.installation(gctx, id)
			insts[i] = inst
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return insts, nil
}

// installation reads one installation of the app.
func (c *Client) installation(ctx context.Context, id int64) (Installation, error) {
	return once(ctx, &c.memo, "installation:"+strconv.FormatInt(id, 10), func(ctx context.Context) (Installation, error) {
		cl := call{Route: "GET /app/installations/{installation_id}", InstallationID: id}
		_, data, err := c.get(ctx, c.app, cl, fmt.Sprintf("app/installations/%d", id))
		if err != nil {
			return Installation{}, err
		}
		var inst Installation
		if err := json.Unmarshal(data, &inst); err != nil {
			return Installation{}, &APIError{Method: "GET", Route: cl.Route, Path: fmt.Sprintf("/app/installations/%d", id),
				StatusCode: 200, InstallationID: id, Message: "unexpected response body: " + err.Error(), Err: err}
		}
		c.remember(inst)
		return inst, nil
	})
}

// InstallationRepositories lists the repositories an installation can access
// (GET /installation/repositories, with its token), each with InstallationID
// set to inst.ID.
func (c *Client) InstallationRepositories(ctx context.Context, inst Installation) ([]Repository, error) {
	ctx = c.logContext(ctx)
	c.remember(inst)
	repos, err := once(ctx, &c.memo, "repositories:"+strconv.FormatInt(inst.ID, 10), func(ctx context.Context) ([]Repository, error) {
		cl := call{Route: "GET /installation/repositories", InstallationID: inst.ID}
		repos, err := getAll[Repository](ctx, c, c.installationClient(inst, permMetadata), cl, "installation/repositories", nil, "repositories", nil)
		if err != nil {
			return nil, err
		}
		for i := range repos {
			repos[i].InstallationID = inst.ID
		}
		return repos, nil
	})
	return slices.Clone(repos), err
}

// Environments lists a repository's deployment environments.
func (c *Client) Environments(ctx context.Context, repo Repository) ([]Environment, error) {
	ctx = c.logContext(ctx)
	envs, err := once(ctx, &c.memo, "environments:"+repoKey(repo), func(ctx context.Context) ([]Environment, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permActions, "GET /repos/{owner}/{repo}/environments", "environments")
		if err != nil {
			return nil, err
		}
		return getAll[Environment](ctx, c, hc, cl, path, nil, "environments", nil)
	})
	return slices.Clone(envs), err
}

// DeploymentQuery narrows Deployments.
type DeploymentQuery struct {
	// Environment, when set, asks GitHub for that environment only.
	Environment string
	// Since, when set, stops paging at the first page that reaches
	// deployments created before it; only those created at or after it are
	// returned.
	Since time.Time
}

// Deployments lists a repository's deployments, newest first, decoded into
// the project's own Deployment type.
func (c *Client) Deployments(ctx context.Context, repo Repository, q DeploymentQuery) ([]Deployment, error) {
	ctx = c.logContext(ctx)
	key := fmt.Sprintf("deployments:%s:%q:%d", repoKey(repo), q.Environment, q.Since.UnixNano())
	if q.Since.IsZero() {
		key = fmt.Sprintf("deployments:%s:%q:all", repoKey(repo), q.Environment)
	}
	deps, err := once(ctx, &c.memo, key, func(ctx context.Context) ([]Deployment, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permDeployments, "GET /repos/{owner}/{repo}/deployments", "deployments")
		if err != nil {
			return nil, err
		}
		query := url.Values{}
		if q.Environment != "" {
			query.Set("environment", q.Environment)
		}
		var more func([]Deployment) bool
		if !q.Since.IsZero() {
			// Newest first: a page reaching before Since is the last needed.
			more = func(page []Deployment) bool {
				return !slices.ContainsFunc(page, func(d Deployment) bool { return d.CreatedAt.Before(q.Since) })
			}
		}
		deps, err := getAll[Deployment](ctx, c, hc, cl, path, query, "", more)
		if err != nil {
			return nil, err
		}
		if !q.Since.IsZero() {
			deps = slices.DeleteFunc(deps, func(d Deployment) bool { return d.CreatedAt.Before(q.Since) })
		}
		return deps, nil
	})
	return slices.Clone(deps), err
}

// DeploymentStatuses lists every status of a deployment, every page.
func (c *Client) DeploymentStatuses(ctx context.Context, repo Repository, deploymentID int64) ([]DeploymentStatus, error) {
	ctx = c.logContext(ctx)
	key := fmt.Sprintf("statuses:%s:%d", repoKey(repo), deploymentID)
	sts, err := once(ctx, &c.memo, key, func(ctx context.Context) ([]DeploymentStatus, error) {
		hc, cl, path, err := c.forRepository(ctx, repo, permDeployments, "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
			"deployments/"+strconv.FormatInt(deploymentID, 10)+"/statuses")
		if err != nil {
			return nil, err
		}
		return getAll[DeploymentStatus](ctx, c, hc, cl, path, nil, "", nil)
	})
	return slices.Clone(sts), err
}

// forRepository returns the token client, call and API path for a request
// about repo, made with the installation's token for perm, of the
// installation it was listed through.
func (c *Client) forRepository(ctx context.Context, repo Repository, perm, route, suffix string) (*http.Client, call, string, error) {
	owner, name := repoOwnerName(repo)
	cl := call{Route: route, Repository: owner + "/" + name, InstallationID: repo.InstallationID}
	if owner == "" || name == "" {
		return nil, cl, "", &APIError{Method: "GET", Route: route, Repository: repo.FullName,
			Message: fmt.Sprintf("repository %q is not owner/name", repo.FullName)}
	}
	if repo.InstallationID == 0 {
		return nil, cl, "", &APIError{Method: "GET", Route: route, Repository: cl.Repository,
			Message: "repository has no installation ID; use the repositories InstallationRepositories returns"}
	}
	inst, ok := c.known(repo.InstallationID)
	if !ok {
		var err error
		if inst, err = c.installation(ctx, repo.InstallationID); err != nil {
			return nil, cl, "", err
		}
	}
	path := "repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name) + "/" + suffix
	return c.installationClient(inst, perm), cl, path, nil
}

func repoOwnerName(repo Repository) (string, string) {
	if owner, name, ok := strings.Cut(repo.FullName, "/"); ok {
		return owner, name
	}
	return repo.Owner.Login, repo.Name
}

func repoKey(repo Repository) string {
	owner, name := repoOwnerName(repo)
	return strings.ToLower(owner + "/" + name)
}
