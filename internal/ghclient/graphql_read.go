package ghclient

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// maxNodeIDs is GitHub's bound on nodes(ids:).
const maxNodeIDs = 100

// GraphQLEnvironments lists the environments of each repository, by full
// name, 100 repositories a query (queries/environments.graphql).
func (c *Client) GraphQLEnvironments(ctx context.Context, repos []Repository) (map[string][]Environment, error) {
	ctx = c.logContext(ctx)
	byKey := map[string]Repository{}
	keys := make([]string, len(repos))
	for i, r := range repos {
		keys[i] = "gql-environments:" + repoKey(r)
		byKey[keys[i]] = r
	}
	got, err := onceEach(ctx, &c.memo, keys, func(ctx context.Context, keys []string) (map[string][]Environment, error) {
		todo := make([]Repository, len(keys))
		for i, k := range keys {
			todo[i] = byKey[k]
		}
		out := map[string][]Environment{}
		var mu sync.Mutex
		err := inBatches(ctx, c, todo, func(r Repository) int64 { return r.InstallationID },
			func(ctx context.Context, inst Installation, chunk []Repository) error {
				envs, err := c.environmentsBatch(ctx, inst, chunk)
				mu.Lock()
				defer mu.Unlock()
				for i, r := range chunk {
					if err == nil {
						out["gql-environments:"+repoKey(r)] = envs[i]
					}
				}
				return err
			})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string][]Environment, len(repos))
	for i, r := range repos {
		res[r.FullName] = slices.Clone(got[keys[i]])
	}
	return res, nil
}

func (c *Client) environmentsBatch(ctx context.Context, inst Installation, chunk []Repository) ([][]Environment, error) {
	if err := missingNodeID("RepositoryEnvironments", chunk); err != nil {
		return nil, err
	}
	names := fullNames(chunk)
	gc := c.graphqlClient(inst, permActions, names, len(chunk) > 1)
	resp, err := RepositoryEnvironments(ctx, gc, nodeIDs(chunk))
	if err != nil {
		return nil, narrow(err, names)
	}
	nodes, err := decodeNodes[repositoryEnvironmentsNode]("RepositoryEnvironments", resp.Nodes, names, func(n *repositoryEnvironmentsNode) string { return n.Typename }, "Repository")
	if err != nil {
		return nil, err
	}
	out := make([][]Environment, len(chunk))
	for i, n := range nodes {
		page := n.Environments
		guard := c.connectionPages("RepositoryEnvironmentsPage", names[i])
		out[i] = appendEnvironments(nil, page)
		if err := guard.first("RepositoryEnvironments", environmentInfo(page), keysOf(page.Nodes, environmentName)); err != nil {
			return nil, err
		}
		for page.PageInfo.HasNextPage {
			owner, name := repoOwnerName(chunk[i])
			more, err := RepositoryEnvironmentsPage(ctx, c.graphqlClient(inst, permActions, names[i:i+1], false), owner, name, page.PageInfo.EndCursor)
			if err != nil {
				return nil, err
			}
			if more.Repository == nil {
				return nil, &GraphQLError{Operation: "RepositoryEnvironmentsPage", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "repository is null"}}}
			}
			page = EnvironmentPage{PageInfo: more.Repository.Environments.PageInfo, Nodes: more.Repository.Environments.Nodes}
			out[i] = appendEnvironments(out[i], page)
			if err := guard.next(environmentInfo(page), keysOf(page.Nodes, environmentName)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func environmentInfo(page EnvironmentPage) pageInfo {
	return pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}
}

func appendEnvironments(envs []Environment, page EnvironmentPage) []Environment {
	for _, e := range page.Nodes {
		if e == nil {
			continue
		}
		env := Environment{Name: e.Name}
		if e.DatabaseId != nil {
			env.ID = int64(*e.DatabaseId)
		}
		envs = append(envs, env)
	}
	return envs
}

// GraphQLDeploymentQuery narrows GraphQLDeployments.
type GraphQLDeploymentQuery struct {
	// Environments are the environment names to ask GitHub for; GraphQL's
	// environments argument, never empty here (only REST can tell which
	// deployments are production without them).
	Environments []string
	// Since: paging stops at the first page reaching before it, and only
	// deployments created at or after it are returned.
	Since time.Time
}

// GraphQLDeployments lists the deployments of each repository (by full
// name) to q's environments since q.Since, newest first, 100 repositories a
// query (queries/deployments.graphql).
func (c *Client) GraphQLDeployments(ctx context.Context, repos []Repository, q GraphQLDeploymentQuery) (map[string][]Deployment, error) {
	ctx = c.logContext(ctx)
	if len(q.Environments) == 0 {
		return nil, errors.New("GraphQL deployments need environment names")
	}
	envs := slices.Clone(q.Environments)
	slices.Sort(envs)
	suffix := fmt.Sprintf(":%q:%d", envs, q.Since.UnixNano())
	byKey := map[string]Repository{}
	keys := make([]string, len(repos))
	for i, r := range repos {
		keys[i] = "gql-deployments:" + repoKey(r) + suffix
		byKey[keys[i]] = r
	}
	got, err := onceEach(ctx, &c.memo, keys, func(ctx context.Context, keys []string) (map[string][]Deployment, error) {
		todo := make([]Repository, len(keys))
		for i, k := range keys {
			todo[i] = byKey[k]
		}
		out := map[string][]Deployment{}
		var mu sync.Mutex
		err := inBatches(ctx, c, todo, func(r Repository) int64 { return r.InstallationID },
			func(ctx context.Context, inst Installation, chunk []Repository) error {
				deps, err := c.deploymentsBatch(ctx, inst, chunk, envs, q.Since)
				mu.Lock()
				defer mu.Unlock()
				for i, r := range chunk {
					if err == nil {
						out["gql-deployments:"+repoKey(r)+suffix] = deps[i]
					}
				}
				return err
			})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string][]Deployment, len(repos))
	for i, r := range repos {
		res[r.FullName] = slices.Clone(got[keys[i]])
	}
	return res, nil
}

func (c *Client) deploymentsBatch(ctx context.Context, inst Installation, chunk []Repository, envs []string, since time.Time) ([][]Deployment, error) {
	if err := missingNodeID("RepositoryDeployments", chunk); err != nil {
		return nil, err
	}
	names := fullNames(chunk)
	gc := c.graphqlClient(inst, permDeployments, names, len(chunk) > 1)
	resp, err := RepositoryDeployments(ctx, gc, nodeIDs(chunk), envs)
	if err != nil {
		return nil, narrow(err, names)
	}
	// Each repository's first page is converted as it is decoded: the
	// generated structures of 100 repositories' deployments are never all
	// alive at once.
	out := make([][]Deployment, len(chunk))
	before := make([]bool, len(chunk))
	next := make([]DeploymentPagePageInfo, len(chunk))
	guards := make([]*connectionPages, len(chunk))
	var refused error
	err = eachNode("RepositoryDeployments", resp.Nodes, names, func(n *repositoryDeploymentsNode) string { return n.Typename }, "Repository",
		func(i int, n *repositoryDeploymentsNode) {
			out[i], before[i] = appendDeployments(nil, n.Deployments, since)
			next[i] = n.Deployments.PageInfo
			guards[i] = c.connectionPages("RepositoryDeploymentsPage", names[i])
			if err := guards[i].first("RepositoryDeployments", deploymentInfo(n.Deployments), keysOf(n.Deployments.Nodes, deploymentID)); err != nil && refused == nil {
				refused = err
			}
		})
	if err == nil {
		err = refused
	}
	if err != nil {
		return nil, err
	}
	for i := range chunk {
		page := DeploymentPage{PageInfo: next[i]}
		// Newest first: a page reaching before since is the last needed.
		for page.PageInfo.HasNextPage && !before[i] {
			owner, name := repoOwnerName(chunk[i])
			more, err := RepositoryDeploymentsPage(ctx, c.graphqlClient(inst, permDeployments, names[i:i+1], false), owner, name, envs, page.PageInfo.EndCursor)
			if err != nil {
				return nil, err
			}
			if more.Repository == nil {
				return nil, &GraphQLError{Operation: "RepositoryDeploymentsPage", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "repository is null"}}}
			}
			page = DeploymentPage{PageInfo: more.Repository.Deployments.PageInfo, Nodes: more.Repository.Deployments.Nodes}
			out[i], before[i] = appendDeployments(out[i], page, since)
			if err := guards[i].next(deploymentInfo(page), keysOf(page.Nodes, deploymentID)); err != nil {
				return nil, err
			}
		}
		out[i] = slices.Clip(out[i])
	}
	return out, nil
}

func deploymentInfo(page DeploymentPage) pageInfo {
	return pageInfo{HasNextPage: page.PageInfo.HasNextPage, EndCursor: page.PageInfo.EndCursor}
}

// ghostLogin is the user GitHub attributes a deleted account's work to.
const ghostLogin = "ghost"

// appendDeployments converts the deployments of page created at or after
// since (all for a zero since) into REST's terms, and reports whether the
// page reaches before since. Older ones are not kept: a first page of 100
// mostly lies before a 30-day window, and 2,000 repositories' worth would
// be most of a read's memory. The conversion: the
// ref is Ref.name (REST's ref without refs/heads/ or refs/tags/) or, for a
// bare commit, the sha; the creator's __typename is its user type, a bot's
// login gets REST's "[bot]", and the ghost user is no creator, as REST's null.
func appendDeployments(deps []Deployment, page DeploymentPage, since time.Time) ([]Deployment, bool) {
	before := false
	for _, n := range page.Nodes {
		if n == nil {
			continue
		}
		if !since.IsZero() && n.CreatedAt.Before(since) {
			before = true
			continue
		}
		d := Deployment{NodeID: n.Id, SHA: n.CommitOid, Ref: n.CommitOid, CreatedAt: n.CreatedAt}
		if n.DatabaseId != nil {
			d.ID = int64(*n.DatabaseId)
		}
		if n.Ref != nil {
			d.Ref = n.Ref.Name
		}
		if n.Task != nil {
			d.Task = *n.Task
		}
		if n.Environment != nil {
			d.Environment = *n.Environment
		}
		if n.Creator != nil {
			u := &User{Login: n.Creator.GetLogin()}
			if t := n.Creator.GetTypename(); t != nil {
				u.Type = *t // REST's user type: User, Bot, Organization
			}
			if u.IsBot() && !strings.HasSuffix(u.Login, "[bot]") {
				u.Login += "[bot]"
			}
			// GraphQL's creator is never null: where REST has none (the
			// account is gone) it is GitHub's placeholder user, ghost.
			if u.Type != "User" || u.Login != ghostLogin {
				d.Creator = u
			}
		}
		deps = append(deps, d)
	}
	return deps, before
}

// GraphQLDeploymentStatuses lists every status of each deployment, by the
// deployment's node ID, 100 deployments a query
// (queries/statuses.graphql). Each deployment needs NodeID, and repo the
// repository it belongs to (for its installation and for errors).
func (c *Client) GraphQLDeploymentStatuses(ctx context.Context, deps []RepositoryDeployment) (map[string][]DeploymentStatus, error) {
	ctx = c.logContext(ctx)
	index := make(map[string]int, len(deps)) // not copies of deps: there can be 10,000
	keys := make([]string, len(deps))
	for i, d := range deps {
		keys[i] = "gql-statuses:" + d.NodeID
		index[keys[i]] = i
	}
	got, err := onceEach(ctx, &c.memo, keys, func(ctx context.Context, keys []string) (map[string][]DeploymentStatus, error) {
		todo := make([]RepositoryDeployment, len(keys))
		for i, k := range keys {
			todo[i] = deps[index[k]]
		}
		out := map[string][]DeploymentStatus{}
		var mu sync.Mutex
		err := inBatches(ctx, c, todo, func(d RepositoryDeployment) int64 { return d.Repository.InstallationID },
			func(ctx context.Context, inst Installation, chunk []RepositoryDeployment) error {
				sts, err := c.statusesBatch(ctx, inst, chunk)
				mu.Lock()
				defer mu.Unlock()
				for i, d := range chunk {
					if err == nil {
						out["gql-statuses:"+d.NodeID] = sts[i]
					}
				}
				return err
			})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string][]DeploymentStatus, len(deps))
	for i, d := range deps {
		res[d.NodeID] = slices.Clone(got[keys[i]])
	}
	return res, nil
}

// RepositoryDeployment is a deployment with its repository.
type RepositoryDeployment struct {
	Repository Repository
	Deployment
}

func (d RepositoryDeployment) subject() string {
	return d.Repository.FullName + " deployment " + strconv.FormatInt(d.ID, 10)
}

func (c *Client) statusesBatch(ctx context.Context, inst Installation, chunk []RepositoryDeployment) ([][]DeploymentStatus, error) {
	names := make([]string, len(chunk))
	ids := make([]string, len(chunk))
	for i, d := range chunk {
		names[i], ids[i] = d.subject(), d.NodeID
		if d.NodeID == "" {
			return nil, &GraphQLError{Operation: "DeploymentStatuses", Subjects: names[i : i+1], Messages: []GraphQLMessage{{Message: "the deployment has no node ID"}}}
		}
	}
	resp, err := DeploymentStatuses(ctx, c.graphqlClient(inst, permDeployments, names, len(chunk) > 1), ids)
	if err != nil {
		return nil, narrow(err, names)
	}
	nodes, err := decodeNodes[deploymentStatusesNode]("DeploymentStatuses", resp.Nodes, names, func(n *deploymentStatusesNode) string { return n.Typename }, "Deployment")
	if err != nil {
		return nil, err
	}
	out := make([][]DeploymentStatus, len(chunk))
	for i, n := range nodes {
		page := n.Statuses
		guard := c.connectionPages("DeploymentStatusesPage", names[i])
		out[i] = appendStatuses(nil, page)
		if err := guard.first("DeploymentStatuses", page.PageInfo, keysOf(page.Nodes, statusID)); err != nil {
			return nil, err
		}
		for page.PageInfo.HasNextPage {
			more, err := DeploymentStatusesPage(ctx, c.graphqlClient(inst, permDeployments, names[i:i+1], false), ids[i], page.PageInfo.EndCursor)
			if err != nil {
				return nil, err
			}
			next, err := decodeNode[deploymentStatusesNode]("DeploymentStatusesPage", more.Node, names[i], func(n *deploymentStatusesNode) string { return n.Typename }, "Deployment")
			if err != nil {
				return nil, err
			}
			page = next.Statuses
			out[i] = appendStatuses(out[i], page)
			if err := guard.next(page.PageInfo, keysOf(page.Nodes, statusID)); err != nil {
				return nil, err
			}
		}
		if len(out[i]) != n.Statuses.TotalCount {
			return nil, &GraphQLError{Operation: "DeploymentStatuses", Subjects: names[i : i+1], Messages: []GraphQLMessage{{
				Message: fmt.Sprintf("read %d statuses of the %d the deployment has; the list changed during the read, re-run", len(out[i]), n.Statuses.TotalCount)}}}
		}
	}
	return out, nil
}

// appendStatuses converts GraphQL's statuses into REST's terms: the state
// lower-cased. GraphQL has no databaseId for a status, so ID is 0.
func appendStatuses(sts []DeploymentStatus, page statusPage) []DeploymentStatus {
	for _, n := range page.Nodes {
		if n != nil {
			sts = append(sts, DeploymentStatus{State: strings.ToLower(n.State), CreatedAt: n.CreatedAt})
		}
	}
	return sts
}

// inBatches reads items in queries of at most 100, grouped by installation
// (each query carries one installation's token), the queries concurrently.
// A query GitHub timed out on (502/504) is split in two, down to one item.
func inBatches[I any](ctx context.Context, c *Client, items []I, installationOf func(I) int64, read func(context.Context, Installation, []I) error) error {
	// Counted first, then filled: items can be 10,000 deployments.
	sizes := map[int64]int{}
	var order []int64
	for _, it := range items {
		id := installationOf(it)
		if _, ok := sizes[id]; !ok {
			order = append(order, id)
		}
		sizes[id]++
	}
	groups := make(map[int64][]I, len(order))
	for _, id := range order {
		groups[id] = make([]I, 0, sizes[id])
	}
	for _, it := range items {
		id := installationOf(it)
		groups[id] = append(groups[id], it)
	}
	// No limit of its own: the client's semaphore bounds queries in flight,
	// and a split starts its halves from inside the group.
	g, gctx := errgroup.WithContext(ctx)
	var run func(inst Installation, chunk []I)
	run = func(inst Installation, chunk []I) {

		recovered.Go(g, func() error {
			err := read(gctx, inst, chunk)
			var timeout *GraphQLTimeoutError
			if errors.As(err, &timeout) && len(chunk) > 1 {
				half := len(chunk) / 2
				c.stats.graphqlSplits.Add(1)
				run(inst, chunk[:half])
				run(inst, chunk[half:])
				return nil
			}
			return err
		})
	}
	for _, id := range order {
		if id == 0 {
			return errors.New("a repository has no installation ID; use the repositories InstallationRepositories returns")
		}
		inst, ok := c.known(id)
		if !ok {
			var err error
			if inst, err = c.installation(ctx, id); err != nil {
				return err
			}
		}
		for chunk := range slices.Chunk(groups[id], maxNodeIDs) {
			run(inst, chunk)
		}
	}
	return g.Wait()
}

// narrow names, in a *GraphQLError whose every message points into
// nodes(ids:), just the subjects those messages are about.
func narrow(err error, subjects []string) error {
	var ge *GraphQLError
	if !errors.As(err, &ge) {
		return err
	}
	var named []string
	at := make([]string, len(ge.Messages))
	for j, m := range ge.Messages {
		if len(m.Path) < 2 || m.Path[0] != "nodes" {
			return err
		}
		i, ok := m.Path[1].(float64)
		if !ok || int(i) < 0 || int(i) >= len(subjects) {
			return err
		}
		at[j] = subjects[int(i)]
		if !slices.Contains(named, at[j]) {
			named = append(named, at[j])
		}
	}
	ge.Subjects = named
	for j := range ge.Messages {
		ge.Messages[j].subject = at[j]
	}
	return ge
}

func fullNames(repos []Repository) []string {
	out := make([]string, len(repos))
	for i, r := range repos {
		out[i] = r.FullName
	}
	return out
}

func nodeIDs(repos []Repository) []string {
	out := make([]string, len(repos))
	for i, r := range repos {
		out[i] = r.NodeID
	}
	return out
}

// missingNodeID refuses repositories not listed by GitHub (no node_id).
func missingNodeID(op string, repos []Repository) error {
	for _, r := range repos {
		if r.NodeID == "" {
			return &GraphQLError{Operation: op, Subjects: []string{r.FullName}, Messages: []GraphQLMessage{{
				Message: "the repository has no node ID; use the repositories InstallationRepositories returns"}}}
		}
	}
	return nil
}
