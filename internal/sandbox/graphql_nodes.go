package sandbox

import (
	"strconv"
	"strings"
	"sync"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// The sandbox's GraphQL objects, each with what its resolvers need.
type (
	deploymentRef struct {
		repo *Repository
		d    *Deployment
	}
	statusRef struct {
		deploymentRef
		st *Status
	}
	environmentRef struct {
		repo *Repository
		e    *Environment
	}
	// actor is a user, bot or organisation by its REST login and type.
	actor struct{ login, kind string }
)

// nodeIndexOnce finds an object by its global ID: the REST objects'
// node_id (shapes.go nodeID), which GitHub's GraphQL IDs equal.
type nodeIndexOnce struct {
	once sync.Once
	byID map[string]gql.Object
}

func (s *Server) nodeByID(id string) (gql.Object, bool) {
	idx := &s.graphql.index
	idx.once.Do(func() {
		idx.byID = map[string]gql.Object{}
		for _, t := range s.teams { // fixed after New
			idx.byID[nodeID("T", t.ID)] = gql.Object{Type: "Team", Value: t}
		}
		for _, r := range s.repos { // fixed after New
			idx.byID[nodeID("R", r.ID)] = gql.Object{Type: "Repository", Value: r}
			for i := range r.Environments {
				e := &r.Environments[i]
				idx.byID[nodeID("EN", e.ID)] = gql.Object{Type: "Environment", Value: environmentRef{r, e}}
			}
			for i := range r.PullRequests {
				pr := &r.PullRequests[i]
				idx.byID[nodeID("PR", pr.ID)] = gql.Object{Type: "PullRequest", Value: pullRequestRef{r, pr}}
			}
			for i := range r.Issues {
				is := &r.Issues[i]
				idx.byID[nodeID("I", is.ID)] = gql.Object{Type: "Issue", Value: issueRef{r, is}}
			}
			for i := range r.Deployments {
				d := deploymentRef{r, &r.Deployments[i]}
				idx.byID[nodeID("DE", d.d.ID)] = gql.Object{Type: "Deployment", Value: d}
				for j := range d.d.Statuses {
					idx.byID[nodeID("DES", d.d.Statuses[j].ID)] = gql.Object{Type: "DeploymentStatus", Value: statusRef{d, &d.d.Statuses[j]}}
				}
			}
		}
	})
	o, ok := idx.byID[id]
	return o, ok
}

// repoOf is the repository an object belongs to, and the permission a
// token needs to read it: deployments for deployments and their statuses
// (as REST), actions for environments (as REST's environments route, DESIGN
// §3; what GraphQL requires is inferred), pull_requests for pull requests
// and issues for issues (as REST's routes; inferred), metadata for a
// repository.
func repoOf(o gql.Object) (*Repository, string) {
	switch v := o.Value.(type) {
	case *Repository:
		return v, "metadata"
	case deploymentRef:
		return v.repo, "deployments"
	case statusRef:
		return v.repo, "deployments"
	case environmentRef:
		return v.repo, "actions"
	case pullRequestRef:
		return v.repo, "pull_requests"
	case issueRef:
		return v.repo, "issues"
	}
	return nil, ""
}

// gqlCall is one GraphQL request as its resolvers see it.
type gqlCall struct {
	s       *Server
	c       *call
	visible map[*Repository]bool // what the token can reach, as REST's routes
	cost    gql.Cost
	budget  budgetSnapshot
}

func (s *Server) newGQLCall(c *call, cost gql.Cost, budget budgetSnapshot) *gqlCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	visible := map[*Repository]bool{}
	for _, r := range s.tokenRepos(c) {
		visible[r] = true
	}
	return &gqlCall{s: s, c: c, visible: visible, cost: cost, budget: budget}
}

// node resolves a global ID the token may read; GitHub answers an unknown
// ID and one the token cannot see alike.
func (gc *gqlCall) node(id string) (any, error) {
	o, ok := gc.s.nodeByID(id)
	if t, isTeam := o.Value.(*Team); ok && isTeam {
		return gc.teamNode(id, t)
	}
	repo, permission := repoOf(o)
	if !ok || !gc.visible[repo] {
		return nil, gql.NotFound("Could not resolve to a node with the global id of '" + id + "'")
	}
	if !gc.s.permitted(gc.c, permission) {
		return nil, gql.Forbidden()
	}
	return o, nil
}

func (gc *gqlCall) repository(owner, name string) (any, error) {
	full := owner + "/" + name
	for r := range gc.visible {
		if strings.EqualFold(r.FullName, full) {
			if !gc.s.permitted(gc.c, "metadata") {
				return nil, gql.Forbidden()
			}
			return gql.Object{Type: "Repository", Value: r}, nil
		}
	}
	return nil, gql.NotFound("Could not resolve to a Repository with the name '" + full + "'.")
}

// actorObject is a REST login as GraphQL's Actor: a Bot's login drops REST's
// "[bot]" (github-actions[bot] is the Bot github-actions), and an empty
// login, which REST answers as a null creator, is GitHub's placeholder for
// a deleted account, the user "ghost" (GraphQL's creator is non-null).
func actorObject(login string) gql.Object {
	if login == "" {
		login = "ghost"
	}
	kind := userType(login)
	return gql.Object{Type: kind, Value: actor{login: login, kind: kind}}
}

func (a actor) graphqlLogin() string {
	if a.kind == "Bot" {
		return strings.TrimSuffix(a.login, "[bot]")
	}
	return a.login
}

func databaseKey(id int64) string { return strconv.FormatInt(id, 10) }
