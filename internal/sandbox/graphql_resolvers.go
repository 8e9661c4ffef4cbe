package sandbox

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

type (
	resolver = gql.Resolver[*gqlCall]
	field    = gql.Field
)

var (
	registryOnce sync.Once
	registry     *gql.Registry[*gqlCall]
)

// graphqlResolvers is every field the sandbox serves, over the same
// organisation as the REST routes. Another type is more registrations here,
// and a connection on Repository (as graphql_changes.go adds pull requests
// and issues).
func graphqlResolvers() *gql.Registry[*gqlCall] {
	registryOnce.Do(func() {
		r := gql.NewRegistry[*gqlCall]()
		registerQuery(r)
		registerRepository(r)
		registerDeployment(r)
		registerDeploymentStatus(r)
		registerEnvironment(r)
		registerActors(r)
		registerChanges(r)
		registerTeams(r)
		r.Returns("Node", "Repository", "Deployment", "DeploymentStatus", "Environment", "PullRequest", "Issue", "Team")
		r.Returns("Actor", "User", "Bot")
		r.Returns("RepositoryOwner", "Organization", "User")
		registry = r
	})
	return registry
}

// value makes a resolver of a field that only reads its parent.
func value[T any](get func(T) any) resolver {
	return func(_ *gqlCall, parent any, _ *field) (any, error) { return get(parent.(T)), nil }
}

func registerQuery(r *gql.Registry[*gqlCall]) {
	r.Field("Query", "repository", func(gc *gqlCall, _ any, f *field) (any, error) {
		owner, _ := f.Args["owner"].(string)
		name, _ := f.Args["name"].(string)
		return gc.repository(owner, name)
	}, "owner", "name", "followRenames") // followRenames: the sandbox has no renamed repositories
	r.Field("Query", "node", func(gc *gqlCall, _ any, f *field) (any, error) {
		id, _ := f.Args["id"].(string)
		return gc.node(id)
	}, "id")
	r.Field("Query", "nodes", func(gc *gqlCall, _ any, f *field) (any, error) {
		ids, _ := f.Args["ids"].([]any)
		if len(ids) > 100 {
			return nil, &gql.Error{Type: gql.TypeArgumentLimit, Message: fmt.Sprintf("You may not provide more than 100 node ids; you provided %d.", len(ids))}
		}
		out := make([]any, len(ids))
		for i, id := range ids {
			s, _ := id.(string)
			if o, err := gc.node(s); err != nil {
				out[i] = err // null, with its error at ["nodes", i]
			} else {
				out[i] = o
			}
		}
		return out, nil
	}, "ids")
	r.Field("Query", "rateLimit", func(gc *gqlCall, _ any, _ *field) (any, error) {
		return gql.Object{Type: "RateLimit", Value: gc}, nil
	}, "dryRun")
	r.Field("RateLimit", "cost", value(func(gc *gqlCall) any { return gc.cost.Points }))
	r.Field("RateLimit", "nodeCount", value(func(gc *gqlCall) any { return gc.cost.Nodes }))
	r.Field("RateLimit", "limit", value(func(gc *gqlCall) any { return gc.budget.limit }))
	r.Field("RateLimit", "remaining", value(func(gc *gqlCall) any { return gc.budget.remaining }))
	r.Field("RateLimit", "used", value(func(gc *gqlCall) any { return gc.budget.used }))
	r.Field("RateLimit", "resetAt", value(func(gc *gqlCall) any { return gc.budget.reset }))
}

func registerRepository(r *gql.Registry[*gqlCall]) {
	repo := func(get func(*Repository) any) resolver { return value(get) }
	r.Field("Repository", "id", repo(func(x *Repository) any { return nodeID("R", x.ID) }))
	r.Field("Repository", "databaseId", repo(func(x *Repository) any { return x.ID }))
	r.Field("Repository", "name", repo(func(x *Repository) any { _, name, _ := strings.Cut(x.FullName, "/"); return name }))
	r.Field("Repository", "nameWithOwner", repo(func(x *Repository) any { return x.FullName }))
	r.Field("Repository", "isArchived", repo(func(x *Repository) any { return x.Archived }))
	r.Field("Repository", "isFork", repo(func(x *Repository) any { return x.Fork }))
	r.Field("Repository", "isPrivate", repo(func(x *Repository) any { return visibility(x) != "public" }))
	r.Field("Repository", "visibility", repo(func(x *Repository) any { return strings.ToUpper(visibility(x)) }))
	r.Field("Repository", "owner", func(gc *gqlCall, parent any, _ *field) (any, error) {
		owner, _, _ := strings.Cut(parent.(*Repository).FullName, "/")
		kind := "Organization"
		gc.s.mu.Lock()
		for _, inst := range gc.s.installations {
			if strings.EqualFold(inst.Account.Login, owner) && inst.Account.Type == "User" {
				kind = "User"
			}
		}
		gc.s.mu.Unlock()
		return gql.Object{Type: kind, Value: actor{login: owner, kind: kind}}, nil
	})
	r.Field("Repository", "deployments", (*gqlCall).deployments, "first", "after", "last", "before", "environments", "orderBy")
	r.Field("Repository", "environments", (*gqlCall).environments, "first", "after", "last", "before", "names", "orderBy", "pinnedEnvironmentFilter")
	r.Field("Repository", "environment", func(gc *gqlCall, parent any, f *field) (any, error) {
		if !gc.s.permitted(gc.c, "actions") {
			return nil, gql.Forbidden()
		}
		x := parent.(*Repository)
		name, _ := f.Args["name"].(string)
		for i := range x.Environments {
			if x.Environments[i].Name == name {
				return gql.Object{Type: "Environment", Value: environmentRef{x, &x.Environments[i]}}, nil
			}
		}
		return nil, nil
	}, "name")
	r.Connection("DeploymentConnection", "DeploymentEdge")
	r.Connection("EnvironmentConnection", "EnvironmentEdge")
}

// connection is the page of items f asks for, as a connection type, with
// the paging faults drawn for it (faults.go).
func (gc *gqlCall) connection(typeName string, f *field, items []any, keys []string) (any, error) {
	p, err := gql.NewPage(f, items, keys)
	if err != nil {
		return nil, err
	}
	if p, err = gc.s.pagingFault(f, items, keys, p); err != nil {
		return nil, err
	}
	return gql.Object{Type: typeName, Value: p}, nil
}

func visibility(r *Repository) string {
	if r.Visibility == "" {
		return "private"
	}
	return r.Visibility
}

// deployments: Repository.deployments, oldest first by default as the
// schema's orderBy default {CREATED_AT, ASC} says (ties by ID); the
// environments filter is exact, as the REST environment= filter here.
func (gc *gqlCall) deployments(parent any, f *field) (any, error) {
	if !gc.s.permitted(gc.c, "deployments") {
		return nil, gql.Forbidden()
	}
	repo := parent.(*Repository)
	var only map[string]bool
	if envs, ok := f.Args["environments"].([]any); ok {
		only = map[string]bool{}
		for _, e := range envs {
			s, _ := e.(string)
			only[s] = true
		}
	}
	descending := false
	if order, ok := f.Args["orderBy"].(map[string]any); ok {
		descending = order["direction"] == "DESC"
	}
	var items []any
	var keys []string
	add := func(d *Deployment) {
		if only == nil || only[d.Environment] {
			items = append(items, gql.Object{Type: "Deployment", Value: deploymentRef{repo, d}})
			keys = append(keys, databaseKey(d.ID))
		}
	}
	// repo.Deployments are newest first (New sorts them).
	for i := range repo.Deployments {
		j := i
		if !descending {
			j = len(repo.Deployments) - 1 - i
		}
		add(&repo.Deployments[j])
	}
	return gc.connection("DeploymentConnection", f, items, keys)
}

// environments: Repository.environments by name (the schema's default
// {NAME, ASC}; case-insensitively, then as written, is inferred), with the
// names filter exact. No fixture environment is pinned, so
// pinnedEnvironmentFilter ONLY gives none and ALL or NONE give all.
func (gc *gqlCall) environments(parent any, f *field) (any, error) {
	if !gc.s.permitted(gc.c, "actions") {
		return nil, gql.Forbidden()
	}
	repo := parent.(*Repository)
	envs := make([]*Environment, 0, len(repo.Environments))
	var only map[string]bool
	if names, ok := f.Args["names"].([]any); ok && len(names) > 0 {
		only = map[string]bool{}
		for _, n := range names {
			s, _ := n.(string)
			only[s] = true
		}
	}
	if f.Args["pinnedEnvironmentFilter"] != "ONLY" {
		for i := range repo.Environments {
			if e := &repo.Environments[i]; only == nil || only[e.Name] {
				envs = append(envs, e)
			}
		}
	}
	sort.SliceStable(envs, func(i, j int) bool {
		a, b := strings.ToLower(envs[i].Name), strings.ToLower(envs[j].Name)
		if a != b {
			return a < b
		}
		return envs[i].Name < envs[j].Name
	})
	if order, ok := f.Args["orderBy"].(map[string]any); ok && order["direction"] == "DESC" {
		for i, j := 0, len(envs)-1; i < j; i, j = i+1, j-1 {
			envs[i], envs[j] = envs[j], envs[i]
		}
	}
	items := make([]any, len(envs))
	keys := make([]string, len(envs))
	for i, e := range envs {
		items[i] = gql.Object{Type: "Environment", Value: environmentRef{repo, e}}
		keys[i] = databaseKey(e.ID)
	}
	return gc.connection("EnvironmentConnection", f, items, keys)
}

func registerEnvironment(r *gql.Registry[*gqlCall]) {
	env := func(get func(environmentRef) any) resolver { return value(get) }
	r.Field("Environment", "id", env(func(x environmentRef) any { return nodeID("EN", x.e.ID) }))
	r.Field("Environment", "databaseId", env(func(x environmentRef) any { return x.e.ID }))
	r.Field("Environment", "name", env(func(x environmentRef) any { return x.e.Name }))
}

// GitHub names a Ref by a branch or tag; a REST ref that is a 40-hex sha is
// a deployment of a bare commit, with no Ref. The sandbox knows no
// repository's refs, so a bare name that looks like a version (v2.14.0,
// 1.2) is taken for a tag and any other for a branch.
var (
	bareSHA    = regexp.MustCompile(`^[0-9a-f]{40}$`)
	versionTag = regexp.MustCompile(`^v?\d+(\.\d+)+`)
)

type refValue struct{ name, prefix string }

func graphqlRef(restRef string) any {
	switch {
	case restRef == "" || bareSHA.MatchString(restRef):
		return nil
	case strings.HasPrefix(restRef, "refs/heads/"):
		return gql.Object{Type: "Ref", Value: refValue{strings.TrimPrefix(restRef, "refs/heads/"), "refs/heads/"}}
	case strings.HasPrefix(restRef, "refs/tags/"):
		return gql.Object{Type: "Ref", Value: refValue{strings.TrimPrefix(restRef, "refs/tags/"), "refs/tags/"}}
	case versionTag.MatchString(restRef):
		return gql.Object{Type: "Ref", Value: refValue{restRef, "refs/tags/"}}
	}
	return gql.Object{Type: "Ref", Value: refValue{restRef, "refs/heads/"}}
}

func registerDeployment(r *gql.Registry[*gqlCall]) {
	dep := func(get func(deploymentRef) any) resolver { return value(get) }
	r.Field("Deployment", "id", dep(func(x deploymentRef) any { return nodeID("DE", x.d.ID) }))
	r.Field("Deployment", "databaseId", dep(func(x deploymentRef) any { return x.d.ID }))
	r.Field("Deployment", "commitOid", dep(func(x deploymentRef) any { return x.d.SHA }))
	r.Field("Deployment", "createdAt", dep(func(x deploymentRef) any { return x.d.CreatedAt }))
	r.Field("Deployment", "updatedAt", dep(func(x deploymentRef) any { return deploymentUpdated(x.d) }))
	r.Field("Deployment", "creator", dep(func(x deploymentRef) any { return actorObject(x.d.Creator) }))
	r.Field("Deployment", "environment", dep(func(x deploymentRef) any { return x.d.Environment }))
	r.Field("Deployment", "latestEnvironment", dep(func(x deploymentRef) any { return x.d.Environment }))
	r.Field("Deployment", "originalEnvironment", dep(func(x deploymentRef) any { return originalEnvironment(x.d) }))
	r.Field("Deployment", "ref", dep(func(x deploymentRef) any { return graphqlRef(x.d.Ref) }))
	r.Field("Deployment", "task", dep(func(x deploymentRef) any { return x.d.Task }))
	r.Field("Deployment", "payload", dep(func(deploymentRef) any { return "{}" })) // REST's payload, {}, as a string
	r.Field("Deployment", "description", dep(func(x deploymentRef) any {
		if x.d.Description == "" {
			return nil
		}
		return x.d.Description
	}))
	r.Field("Deployment", "state", dep(func(x deploymentRef) any { return deploymentState(x.d) }))
	r.Field("Deployment", "repository", dep(func(x deploymentRef) any { return gql.Object{Type: "Repository", Value: x.repo} }))
	r.Field("Deployment", "latestStatus", dep(func(x deploymentRef) any {
		sts := orderedStatuses(x.d, StatusesNewestFirst)
		if len(sts) == 0 {
			return nil
		}
		return gql.Object{Type: "DeploymentStatus", Value: statusRef{x, sts[0]}}
	}))
	r.Field("Deployment", "statuses", func(gc *gqlCall, parent any, f *field) (any, error) {
		x := parent.(deploymentRef)
		sts := orderedStatuses(x.d, gc.s.opts.GraphQLStatusOrder)
		items := make([]any, len(sts))
		keys := make([]string, len(sts))
		for i, st := range sts {
			items[i] = gql.Object{Type: "DeploymentStatus", Value: statusRef{x, st}}
			keys[i] = databaseKey(st.ID)
		}
		return gc.connection("DeploymentStatusConnection", f, items, keys)
	}, "first", "after", "last", "before")
	r.Connection("DeploymentStatusConnection", "DeploymentStatusEdge")
}

func orderedStatuses(d *Deployment, order StatusOrder) []*Status {
	sts := make([]*Status, len(d.Statuses))
	for i := range d.Statuses {
		sts[i] = &d.Statuses[i]
	}
	sortStatusesNewestFirst(sts)
	if order == StatusesOldestFirst {
		for i, j := 0, len(sts)-1; i < j; i, j = i+1, j-1 {
			sts[i], sts[j] = sts[j], sts[i]
		}
	}
	return sts
}

// deploymentUpdated is REST's updated_at: the newest status, or creation.
func deploymentUpdated(d *Deployment) time.Time {
	updated := d.CreatedAt
	for _, st := range d.Statuses {
		if st.CreatedAt.After(updated) {
			updated = st.CreatedAt
		}
	}
	return updated
}

func originalEnvironment(d *Deployment) string {
	if d.OriginalEnvironment != "" {
		return d.OriginalEnvironment
	}
	return d.Environment
}

// deploymentState is the newest status's state, upper-cased, except that a
// deployment whose newest status is success is ACTIVE and one without
// statuses PENDING (DeploymentState has both values; GitHub's mapping is
// inferred, and the provider reads the statuses instead).
func deploymentState(d *Deployment) string {
	sts := orderedStatuses(d, StatusesNewestFirst)
	switch {
	case len(sts) == 0:
		return "PENDING"
	case sts[0].State == "success":
		return "ACTIVE"
	}
	return strings.ToUpper(sts[0].State)
}

func registerDeploymentStatus(r *gql.Registry[*gqlCall]) {
	st := func(get func(statusRef) any) resolver { return value(get) }
	r.Field("DeploymentStatus", "id", st(func(x statusRef) any { return nodeID("DES", x.st.ID) }))
	r.Field("DeploymentStatus", "state", st(func(x statusRef) any { return strings.ToUpper(x.st.State) }))
	r.Field("DeploymentStatus", "createdAt", st(func(x statusRef) any { return x.st.CreatedAt }))
	r.Field("DeploymentStatus", "updatedAt", st(func(x statusRef) any { return x.st.CreatedAt }))
	r.Field("DeploymentStatus", "description", st(func(x statusRef) any { return x.st.Description }))
	r.Field("DeploymentStatus", "environment", st(func(x statusRef) any { return x.d.Environment }))
	r.Field("DeploymentStatus", "logUrl", st(func(statusRef) any { return nil }))         // REST: ""
	r.Field("DeploymentStatus", "environmentUrl", st(func(statusRef) any { return nil })) // REST: ""
	r.Field("DeploymentStatus", "deployment", st(func(x statusRef) any { return gql.Object{Type: "Deployment", Value: x.deploymentRef} }))
	r.Field("DeploymentStatus", "creator", st(func(x statusRef) any {
		if x.st.Creator != "" {
			return actorObject(x.st.Creator)
		}
		return actorObject(x.d.Creator) // as REST's statuses
	}))
}

// registerActors serves who created deployments and statuses (User, Bot)
// and who owns repositories (Organization, User): login and id, the id
// being REST's node_id for that login.
func registerActors(r *gql.Registry[*gqlCall]) {
	for _, t := range []string{"User", "Bot", "Organization"} {
		r.Field(t, "login", value(func(a actor) any { return a.graphqlLogin() }))
		r.Field(t, "id", value(func(a actor) any { return nodeID("U", loginID(a.login)) }))
	}
	r.Field("Ref", "name", value(func(x refValue) any { return x.name }))
	r.Field("Ref", "prefix", value(func(x refValue) any { return x.prefix }))
}
