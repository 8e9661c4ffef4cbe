package gql

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

// Field is what a resolver knows of the field it answers.
type Field struct {
	Name string
	Args map[string]any // coerced, defaults filled in
	// The field's occurrences under one response name, merged.
	asts []*ast.Field
	doc  *ast.QueryDocument
}

// Written reports whether the query writes the argument (a variable
// whose value is null included), as opposed to leaving it out.
func (f *Field) Written(arg string) bool {
	for _, a := range f.asts {
		if a.Arguments.ForName(arg) != nil {
			return true
		}
	}
	return false
}

// Selects reports whether the field's selection asks for any of the named
// fields directly (through fragments too), e.g. a connection's nodes.
func (f *Field) Selects(names ...string) bool {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var found func(ast.SelectionSet, map[string]bool) bool
	found = func(set ast.SelectionSet, seen map[string]bool) bool {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if want[sel.Name] {
					return true
				}
			case *ast.InlineFragment:
				if found(sel.SelectionSet, seen) {
					return true
				}
			case *ast.FragmentSpread:
				if def := f.doc.Fragments.ForName(sel.Name); def != nil && !seen[sel.Name] {
					seen[sel.Name] = true
					if found(def.SelectionSet, seen) {
						return true
					}
				}
			}
		}
		return false
	}
	for _, a := range f.asts {
		if found(a.SelectionSet, map[string]bool{}) {
			return true
		}
	}
	return false
}

// Execute runs a prepared query against the registry's resolvers and
// returns the response's data (null when a non-null root field failed)
// and its errors, each with the path and location of the field that
// raised it. skip names root fields left null without being resolved
// (rateLimit(dryRun: true) evaluates nothing else).
func Execute[C any](r *Registry[C], c C, req *Request, skip func(rootField string) bool) (any, []*Error) {
	e := &executor[C]{reg: r, c: c, req: req, skip: skip, possible: map[string]map[string]bool{}}
	data, ok := e.object(Object{Type: req.Schema.Query.Name}, collectInput{sets: []ast.SelectionSet{req.Op.SelectionSet}}, nil, true)
	if !ok {
		return nil, e.errs
	}
	return data, e.errs
}

type executor[C any] struct {
	reg      *Registry[C]
	c        C
	req      *Request
	skip     func(string) bool
	errs     []*Error
	possible map[string]map[string]bool
}

type collectInput struct{ sets []ast.SelectionSet }

// object resolves the selections on one object; ok is false when a
// non-null field in it failed, which makes the object itself null.
func (e *executor[C]) object(obj Object, in collectInput, path []any, root bool) (*orderedObject, bool) {
	keys, fields := e.collect(obj.Type, in.sets)
	out := &orderedObject{}
	for _, key := range keys {
		group := fields[key]
		f := group[0]
		p := appendPath(path, key)
		if f.Name == "__typename" {
			out.add(key, obj.Type)
			continue
		}
		if root && e.skip != nil && e.skip(f.Name) {
			out.add(key, nil)
			continue
		}
		v, ok := e.field(obj, group, p)
		if !ok {
			return nil, false
		}
		out.add(key, v)
	}
	return out, true
}

func (e *executor[C]) field(obj Object, group []*ast.Field, path []any) (value any, ok bool) {
	f := group[0]
	def, served := e.reg.types[obj.Type][f.Name]
	if !served {
		e.fail(Unsupported(obj.Type, f.Name, ""), path, f)
		return nil, !f.Definition.Type.NonNull
	}
	defer func() {
		if r := recover(); r != nil {
			e.fail(&Error{Message: fmt.Sprintf("Something went wrong while executing your query: the sandbox failed on %s.%s: %v", obj.Type, f.Name, r)}, path, f)
			value, ok = nil, !f.Definition.Type.NonNull
		}
	}()
	fld := &Field{Name: f.Name, Args: f.ArgumentMap(e.req.Vars), asts: group, doc: e.req.Doc}
	raw, err := def.resolve(e.c, obj.Value, fld)
	if err != nil {
		var ge *Error
		if !errors.As(err, &ge) {
			ge = &Error{Message: err.Error()}
		}
		e.fail(ge, path, f)
		return nil, !f.Definition.Type.NonNull
	}
	var subs []ast.SelectionSet
	for _, g := range group {
		subs = append(subs, g.SelectionSet)
	}
	v, ok := e.complete(f.Definition.Type, raw, collectInput{sets: subs}, path, f)
	return v, ok
}

// complete turns a resolved value into its response form for type t. A
// list's element may be an *Error: that element is null, with the error at
// its path (as nodes(ids:) reports an ID it cannot resolve).
func (e *executor[C]) complete(t *ast.Type, raw any, in collectInput, path []any, f *ast.Field) (any, bool) {
	if err, isErr := raw.(*Error); isErr {
		e.fail(err, path, f)
		return nil, !t.NonNull
	}
	if raw == nil {
		if t.NonNull {
			e.fail(&Error{Message: fmt.Sprintf("Cannot return null for non-nullable field %s.%s", f.ObjectDefinition.Name, f.Name)}, path, f)
			return nil, false
		}
		return nil, true
	}
	if t.Elem != nil {
		list, isList := raw.([]any)
		if !isList {
			e.fail(&Error{Message: fmt.Sprintf("the sandbox resolved the list %s to a %T", f.Name, raw)}, path, f)
			return nil, !t.NonNull
		}
		out := make([]any, len(list))
		for i, item := range list {
			v, ok := e.complete(t.Elem, item, in, appendPath(path, i), f)
			if !ok {
				return nil, !t.NonNull
			}
			out[i] = v
		}
		return out, true
	}
	def := e.req.Schema.Types[t.NamedType]
	if def.Kind == ast.Scalar || def.Kind == ast.Enum {
		if at, isTime := raw.(time.Time); isTime {
			return at.UTC().Format(time.RFC3339), true
		}
		return raw, true
	}
	obj, isObject := raw.(Object)
	if !isObject {
		e.fail(&Error{Message: fmt.Sprintf("the sandbox resolved the object %s to a %T", f.Name, raw)}, path, f)
		return nil, !t.NonNull
	}
	v, ok := e.object(obj, in, path, false)
	if !ok {
		return nil, !t.NonNull
	}
	return v, true
}

func (e *executor[C]) fail(err *Error, path []any, f *ast.Field) {
	copied := *err
	copied.Path = path
	copied.Locations = locationOf(f.Position)
	e.errs = append(e.errs, &copied)
}

// collect groups the fields that apply to an object of type typeName by
// response name, in query order, following fragments whose type condition
// it meets and honouring @skip and @include.
func (e *executor[C]) collect(typeName string, sets []ast.SelectionSet) ([]string, map[string][]*ast.Field) {
	var keys []string
	fields := map[string][]*ast.Field{}
	var walk func(ast.SelectionSet, map[string]bool)
	walk = func(set ast.SelectionSet, seen map[string]bool) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if !e.included(sel.Directives) {
					continue
				}
				k := responseKey(sel)
				if _, ok := fields[k]; !ok {
					keys = append(keys, k)
				}
				fields[k] = append(fields[k], sel)
			case *ast.InlineFragment:
				if e.included(sel.Directives) && e.applies(sel.TypeCondition, typeName) {
					walk(sel.SelectionSet, seen)
				}
			case *ast.FragmentSpread:
				def := e.req.Doc.Fragments.ForName(sel.Name)
				if def == nil || seen[sel.Name] || !e.included(sel.Directives) || !e.applies(def.TypeCondition, typeName) {
					continue
				}
				seen[sel.Name] = true
				walk(def.SelectionSet, seen)
				delete(seen, sel.Name)
			}
		}
	}
	for _, set := range sets {
		walk(set, map[string]bool{})
	}
	return keys, fields
}

func (e *executor[C]) applies(condition, typeName string) bool {
	if condition == "" || condition == typeName {
		return true
	}
	set, ok := e.possible[condition]
	if !ok {
		set = map[string]bool{}
		if def := e.req.Schema.Types[condition]; def != nil {
			for _, p := range e.req.Schema.GetPossibleTypes(def) {
				set[p.Name] = true
			}
		}
		e.possible[condition] = set
	}
	return set[typeName]
}

func (e *executor[C]) included(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			continue
		}
		arg := d.Arguments.ForName("if")
		if arg == nil {
			continue
		}
		v, _ := arg.Value.Value(e.req.Vars)
		if b, _ := v.(bool); b == (d.Name == "skip") {
			return false
		}
	}
	return true
}

// orderedObject is a response object whose keys keep the query's order.
type orderedObject struct {
	keys []string
	vals []any
}

func (o *orderedObject) add(k string, v any) { o.keys, o.vals = append(o.keys, k), append(o.vals, v) }

// Get returns the value under key, for tests and callers reading a response.
func (o *orderedObject) Get(key string) (any, bool) {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i], true
		}
	}
	return nil, false
}

func (o *orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		vj, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vj)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
