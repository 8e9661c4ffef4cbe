package gql

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// NodeLimit is the most nodes one query may ask for on GitHub.
const NodeLimit = 500_000

// Cost is what GitHub's documented rules ("Rate limits and query limits for
// the GraphQL API") make of one query, assuming every connection returns
// as many nodes as its first or last asks for.
type Cost struct {
	// Requests is the number of requests needed to fill the connections:
	// for each connection, the product of the first/last of the
	// connections above it (1 at the top).
	Requests int
	// Nodes is the sum over connections of the product of the first/last
	// of the connections down to it and its own.
	Nodes int
	// Points is Requests ÷ 100, rounded to the nearest whole number, and
	// at least 1: what the query costs the hourly budget.
	Points int
	// OverLimit names the connection at which the count passed NodeLimit,
	// and OverLimitNodes is the count then; "" when it never did.
	OverLimit      string
	OverLimitNodes int
}

// Measure computes the cost of a validated operation. Fields selected more
// than once under the same response name (directly or through fragments)
// are one field, as GraphQL merges them. nodes(ids:), on which GitHub's
// documentation is silent, counts like a connection of len(ids) (the
// project's rule, DESIGN §3: never cheaper than GitHub may charge). A
// connection without first or last counts as one request for no nodes
// (GitHub answers a totalCount alone; nodes or edges without a page size
// are an error at execution).
func Measure(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) Cost {
	m := &measure{doc: doc, vars: vars}
	m.selections(op.SelectionSet, 1)
	c := Cost{Requests: m.requests, Nodes: m.nodes, OverLimit: m.overAt, OverLimitNodes: m.overNodes}
	c.Points = max(1, int(math.Round(float64(c.Requests)/100)))
	return c
}

// NodeLimitError is GitHub's refusal of a query over NodeLimit.
func (c Cost) NodeLimitError() *Error {
	if c.OverLimit == "" {
		return nil
	}
	return &Error{Type: "MAX_NODE_LIMIT_EXCEEDED", Message: fmt.Sprintf(
		"By the time this query traverses to the %s connection, it is requesting up to %s possible nodes which exceeds the maximum limit of %s.",
		c.OverLimit, thousands(c.OverLimitNodes), thousands(NodeLimit))}
}

type measure struct {
	doc                        *ast.QueryDocument
	vars                       map[string]any
	requests, nodes, overNodes int
	overAt                     string
}

// selections walks depth first and counts a connection's own nodes after
// those below it: GitHub's message names the deepest connection of a
// query too deep (100 × 100 × 100 "traverses to the" innermost one with
// 1,000,000 nodes), which is what counting children first gives.
func (m *measure) selections(set ast.SelectionSet, multiplier int) {
	for _, f := range m.merge(set) {
		size, isConnection := m.pageSize(f)
		childMultiplier := multiplier
		if isConnection {
			m.requests += multiplier
			childMultiplier = saturatingMul(multiplier, size)
		}
		m.selections(f.SelectionSet, childMultiplier)
		if isConnection {
			m.nodes += childMultiplier
			if m.overAt == "" && m.nodes > NodeLimit {
				m.overAt, m.overNodes = f.Name, m.nodes
			}
		}
	}
}

// merge flattens fragments and merges fields of the same response name,
// name and arguments, their selections concatenated.
func (m *measure) merge(set ast.SelectionSet) []*ast.Field {
	var order []string
	byKey := map[string]*ast.Field{}
	seen := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				key := responseKey(sel) + "\x00" + sel.Name + "\x00" + argumentsKey(sel)
				if f := byKey[key]; f != nil {
					merged := *f
					merged.SelectionSet = append(append(ast.SelectionSet(nil), f.SelectionSet...), sel.SelectionSet...)
					byKey[key] = &merged
					continue
				}
				byKey[key] = sel
				order = append(order, key)
			case *ast.InlineFragment:
				walk(sel.SelectionSet)
			case *ast.FragmentSpread:
				if seen[sel.Name] { // validation forbids cycles; this only guards
					continue
				}
				seen[sel.Name] = true
				if def := m.doc.Fragments.ForName(sel.Name); def != nil {
					walk(def.SelectionSet)
				}
				delete(seen, sel.Name)
			}
		}
	}
	walk(set)
	out := make([]*ast.Field, len(order))
	for i, k := range order {
		out[i] = byKey[k]
	}
	return out
}

// pageSize reports whether a field is a connection (or nodes(ids:)) and
// how many nodes it may return.
func (m *measure) pageSize(f *ast.Field) (int, bool) {
	if f.Definition == nil {
		return 0, false
	}
	args := f.ArgumentMap(m.vars)
	if f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query" && f.Name == "nodes" {
		ids, _ := args["ids"].([]any)
		return len(ids), true
	}
	if !strings.HasSuffix(f.Definition.Type.Name(), "Connection") ||
		(f.Definition.Arguments.ForName("first") == nil && f.Definition.Arguments.ForName("last") == nil) {
		return 0, false
	}
	first, _ := Int(args["first"])
	last, _ := Int(args["last"])
	return max(first, last, 0), true
}

// Int reads an Int argument or variable value, however it was decoded.
func Int(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case float64:
		return int(n), n == math.Trunc(n)
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

func responseKey(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

func argumentsKey(f *ast.Field) string {
	var b strings.Builder
	for _, a := range f.Arguments {
		b.WriteString(a.Name + ":" + a.Value.String() + ",")
	}
	return b.String()
}

func saturatingMul(a, b int) int {
	if a != 0 && b > math.MaxInt32/a {
		return math.MaxInt32
	}
	return a * b
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
