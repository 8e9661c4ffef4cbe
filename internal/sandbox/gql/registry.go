package gql

import (
	"github.com/vektah/gqlparser/v2/ast"
)

// Object is a resolved value of an object type: its GraphQL type name
// (what __typename and fragments see) and the sandbox's own value for it,
// which that type's resolvers receive as parent.
type Object struct {
	Type  string
	Value any
}

// Resolver answers one field of one object type. c is the request's
// context (for the sandbox, the call with its token); it returns nil for
// null, a scalar (string, bool, int, time.Time, ...), an Object, a []any of
// those, or an error (an *Error keeps its type and message).
type Resolver[C any] func(c C, parent any, f *Field) (any, error)

// Registry is what the sandbox serves: resolvers by type and field, each
// with the arguments it honours. A field or argument the query uses and the
// registry lacks is refused by name (Check), never answered with null, so
// adding a type later (pull requests, issues) is registering its fields.
type Registry[C any] struct {
	types    map[string]map[string]served[C]
	returned map[string][]string // abstract type → the object types resolvers return for it
}

type served[C any] struct {
	args    map[string]bool
	resolve Resolver[C]
}

// NewRegistry returns a registry that serves PageInfo, as every connection
// uses it.
func NewRegistry[C any]() *Registry[C] {
	r := &Registry[C]{types: map[string]map[string]served[C]{}, returned: map[string][]string{}}
	info := func(get func(PageInfo) any) Resolver[C] {
		return func(_ C, parent any, _ *Field) (any, error) { return get(parent.(PageInfo)), nil }
	}
	r.Field("PageInfo", "hasNextPage", info(func(p PageInfo) any { return p.HasNextPage }))
	r.Field("PageInfo", "hasPreviousPage", info(func(p PageInfo) any { return p.HasPreviousPage }))
	r.Field("PageInfo", "startCursor", info(func(p PageInfo) any { return nullable(p.StartCursor) }))
	r.Field("PageInfo", "endCursor", info(func(p PageInfo) any { return nullable(p.EndCursor) }))
	return r
}

// Field serves typeName.fieldName with resolve, honouring the named
// arguments (any other argument in a query is refused as unserved).
func (r *Registry[C]) Field(typeName, fieldName string, resolve Resolver[C], args ...string) {
	if r.types[typeName] == nil {
		r.types[typeName] = map[string]served[C]{}
	}
	s := served[C]{args: map[string]bool{}, resolve: resolve}
	for _, a := range args {
		s.args[a] = true
	}
	r.types[typeName][fieldName] = s
}

// Returns says which object types the resolvers return where an interface
// or union is expected (Node: Repository, Deployment, ...), so that Check
// asks a field selected on the interface of those types only, not of every
// served type that implements it (Query and Ref are Nodes too).
func (r *Registry[C]) Returns(abstractType string, objectTypes ...string) {
	r.returned[abstractType] = append(r.returned[abstractType], objectTypes...)
}

// Connection serves a connection type and its edge type for resolvers that
// return a *Page: nodes, edges { cursor node }, pageInfo, totalCount.
func (r *Registry[C]) Connection(connectionType, edgeType string) {
	page := func(get func(*Page) any) Resolver[C] {
		return func(_ C, parent any, _ *Field) (any, error) { return get(parent.(*Page)), nil }
	}
	r.Field(connectionType, "nodes", page(func(p *Page) any { return p.Nodes }))
	r.Field(connectionType, "totalCount", page(func(p *Page) any { return p.TotalCount }))
	r.Field(connectionType, "pageInfo", page(func(p *Page) any { return Object{Type: "PageInfo", Value: p.Info} }))
	r.Field(connectionType, "edges", page(func(p *Page) any {
		edges := make([]any, len(p.Nodes))
		for i := range p.Nodes {
			edges[i] = Object{Type: edgeType, Value: edge{cursor: p.Cursors[i], node: p.Nodes[i]}}
		}
		return edges
	}))
	r.Field(edgeType, "cursor", func(_ C, parent any, _ *Field) (any, error) { return parent.(edge).cursor, nil })
	r.Field(edgeType, "node", func(_ C, parent any, _ *Field) (any, error) { return parent.(edge).node, nil })
}

type edge struct {
	cursor string
	node   any
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Check refuses, by type and field (or argument) name, whatever the query
// selects that the registry does not serve. A selection inside a fragment
// on a type the sandbox never returns (say `... on Issue` under nodes) is
// not refused: it matches nothing, as on GitHub for a node of another type.
func (r *Registry[C]) Check(req *Request) []*Error {
	var errs []*Error
	seen := map[string]bool{}
	var walk func(parent *ast.Definition, set ast.SelectionSet, path []any)
	walk = func(parent *ast.Definition, set ast.SelectionSet, path []any) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				p := appendPath(path, responseKey(sel))
				if sel.Name == "__typename" {
					continue
				}
				types := r.concreteTypes(req.Schema, parent)
				var lacking []string
				for _, t := range types {
					def, ok := r.types[t][sel.Name]
					if !ok {
						lacking = append(lacking, t)
						continue
					}
					for _, a := range sel.Arguments {
						if !def.args[a.Name] {
							errs = append(errs, withAt(Unsupported(t, sel.Name, a.Name), p, a.Position))
						}
					}
				}
				if len(lacking) > 0 && len(lacking) == len(types) && parent.Kind != ast.Object {
					lacking = []string{parent.Name} // none serves it: name the interface
				}
				for _, t := range lacking {
					errs = append(errs, withAt(Unsupported(t, sel.Name, ""), p, sel.Position))
				}
				if sel.Definition != nil && len(sel.SelectionSet) > 0 {
					walk(req.Schema.Types[sel.Definition.Type.Name()], sel.SelectionSet, p)
				}
			case *ast.InlineFragment:
				t := parent
				if sel.TypeCondition != "" {
					t = req.Schema.Types[sel.TypeCondition]
				}
				walk(t, sel.SelectionSet, path)
			case *ast.FragmentSpread:
				def := req.Doc.Fragments.ForName(sel.Name)
				if def == nil || seen[sel.Name] {
					continue
				}
				seen[sel.Name] = true
				walk(req.Schema.Types[def.TypeCondition], def.SelectionSet, path)
				delete(seen, sel.Name)
			}
		}
	}
	walk(req.Schema.Query, req.Op.SelectionSet, nil)
	return errs
}

// concreteTypes are the object types the registry serves that a value of
// type t can be.
func (r *Registry[C]) concreteTypes(schema *ast.Schema, t *ast.Definition) []string {
	if t == nil {
		return nil
	}
	if t.Kind == ast.Object {
		if _, ok := r.types[t.Name]; ok {
			return []string{t.Name}
		}
		return nil
	}
	if returned, ok := r.returned[t.Name]; ok {
		return returned
	}
	var out []string
	for _, p := range schema.GetPossibleTypes(t) {
		if _, ok := r.types[p.Name]; ok {
			out = append(out, p.Name)
		}
	}
	return out
}

func withAt(e *Error, path []any, pos *ast.Position) *Error {
	e.Path, e.Locations = path, locationOf(pos)
	return e
}
