package sandbox

import (
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

// GraphQL's teams and repository topics: the same fixture teams as REST's
// /orgs/{org}/teams routes. Organization.teams lists them by ID, as REST
// does (GitHub's default order is not documented; the provider must not
// depend on it).

func registerTeams(r *gql.Registry[*gqlCall]) {
	r.Field("Query", "organization", func(gc *gqlCall, _ any, f *field) (any, error) {
		login, _ := f.Args["login"].(string)
		if !teamsOrg(gc.c, login) {
			return nil, gql.NotFound("Could not resolve to an Organization with the login of '" + login + "'.")
		}
		return gql.Object{Type: "Organization", Value: actor{login: gc.c.inst.Account.Login, kind: "Organization"}}, nil
	}, "login")
	r.Field("Organization", "teams", func(gc *gqlCall, parent any, f *field) (any, error) {
		if !gc.s.permitted(gc.c, "members") {
			return nil, gql.Forbidden()
		}
		gc.s.mu.Lock()
		teams := gc.s.orgTeams(parent.(actor).login)
		gc.s.mu.Unlock()
		return byDatabaseID(gc, f, "TeamConnection", "Team", teams, func(t *Team) int64 { return t.ID })
	}, "first", "after", "last", "before")

	team := func(get func(*Team) any) resolver { return value(get) }
	r.Field("Team", "id", team(func(t *Team) any { return nodeID("T", t.ID) }))
	r.Field("Team", "databaseId", team(func(t *Team) any { return t.ID }))
	r.Field("Team", "slug", team(func(t *Team) any { return t.Slug }))
	r.Field("Team", "name", team(func(t *Team) any { return t.Name }))
	r.Field("Team", "description", team(func(t *Team) any {
		if t.Description == "" {
			return nil
		}
		return t.Description
	}))
	r.Field("Team", "privacy", team(func(t *Team) any {
		if t.Privacy == "secret" {
			return "SECRET"
		}
		return "VISIBLE"
	}))
	r.Field("Team", "parentTeam", func(gc *gqlCall, parent any, _ *field) (any, error) {
		gc.s.mu.Lock()
		defer gc.s.mu.Unlock()
		if p := gc.s.parentTeam(parent.(*Team)); p != nil {
			return gql.Object{Type: "Team", Value: p}, nil
		}
		return nil, nil
	})
	r.Field("Team", "members", func(gc *gqlCall, parent any, f *field) (any, error) {
		gc.s.mu.Lock()
		logins := gc.s.teamMembers(parent.(*Team), f.Args["membership"] == "IMMEDIATE")
		gc.s.mu.Unlock()
		items := make([]any, len(logins))
		for i, l := range logins {
			items[i] = gql.Object{Type: "User", Value: actor{login: l, kind: "User"}}
		}
		return gc.connection("TeamMemberConnection", f, items, logins)
	}, "first", "after", "last", "before", "membership")
	r.Field("Team", "repositories", func(gc *gqlCall, parent any, f *field) (any, error) {
		gc.s.mu.Lock()
		repos := gc.s.teamRepos(parent.(*Team), func(r *Repository) bool { return gc.visible[r] })
		gc.s.mu.Unlock()
		return byDatabaseID(gc, f, "TeamRepositoryConnection", "Repository", repos, func(r *Repository) int64 { return r.ID })
	}, "first", "after", "last", "before")
	r.Field("Repository", "repositoryTopics", func(gc *gqlCall, parent any, f *field) (any, error) {
		topics := parent.(*Repository).Topics
		items := make([]any, len(topics))
		for i, t := range topics {
			items[i] = gql.Object{Type: "RepositoryTopic", Value: t}
		}
		return gc.connection("RepositoryTopicConnection", f, items, topics)
	}, "first", "after", "last", "before")
	r.Field("RepositoryTopic", "topic", value(func(name string) any { return gql.Object{Type: "Topic", Value: name} }))
	r.Field("Topic", "name", value(func(name string) any { return name }))
	r.Connection("TeamConnection", "TeamEdge")
	r.Connection("TeamMemberConnection", "TeamMemberEdge")
	r.Connection("TeamRepositoryConnection", "TeamRepositoryEdge")
	r.Connection("RepositoryTopicConnection", "RepositoryTopicEdge")
}

// byDatabaseID is the page f asks for of xs, objects of typeName with
// their database IDs as cursors.
func byDatabaseID[T any](gc *gqlCall, f *field, connectionType, typeName string, xs []T, id func(T) int64) (any, error) {
	items := make([]any, len(xs))
	keys := make([]string, len(xs))
	for i, x := range xs {
		items[i], keys[i] = gql.Object{Type: typeName, Value: x}, databaseKey(id(x))
	}
	return gc.connection(connectionType, f, items, keys)
}

// teamNode resolves a Team's global ID: the token sees the teams of its
// installation's organisation, with members permission.
func (gc *gqlCall) teamNode(id string, t *Team) (any, error) {
	if !teamsOrg(gc.c, t.Org) {
		return nil, gql.NotFound("Could not resolve to a node with the global id of '" + id + "'")
	}
	if !gc.s.permitted(gc.c, "members") {
		return nil, gql.Forbidden()
	}
	return gql.Object{Type: "Team", Value: t}, nil
}
