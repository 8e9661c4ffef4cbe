package sandbox

import (
	"fmt"
	"testing"
)

const pagingQuery = `query Page($first: Int, $last: Int, $after: String, $before: String, $dir: OrderDirection!, $envs: [String!]) {
  repository(owner: "acme", name: "api") {
    deployments(first: $first, last: $last, after: $after, before: $before, environments: $envs, orderBy: {field: CREATED_AT, direction: $dir}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { databaseId environment } }
    }
  }
}`

type gqlPage struct {
	total        int
	next, prev   bool
	start, end   any
	ids          []int
	cursors      []string
	environments map[string]int
}

func (o *testOrg) deploymentPage(t *testing.T, tok string, vars map[string]any) gqlPage {
	t.Helper()
	if vars["dir"] == nil {
		vars["dir"] = "ASC"
	}
	r := o.graphql(t, tok, pagingQuery, vars)
	if r.body["errors"] != nil {
		t.Fatalf("%v: %s", vars, r.raw)
	}
	conn := r.data()["repository"].(map[string]any)["deployments"].(map[string]any)
	info := conn["pageInfo"].(map[string]any)
	p := gqlPage{total: int(conn["totalCount"].(float64)), next: info["hasNextPage"].(bool), prev: info["hasPreviousPage"].(bool),
		start: info["startCursor"], end: info["endCursor"], environments: map[string]int{}}
	for _, e := range conn["edges"].([]any) {
		e := e.(map[string]any)
		n := e["node"].(map[string]any)
		p.ids = append(p.ids, int(n["databaseId"].(float64)))
		p.cursors = append(p.cursors, e["cursor"].(string))
		p.environments[n["environment"].(string)]++
	}
	if len(p.cursors) > 0 && (p.start != p.cursors[0] || p.end != p.cursors[len(p.cursors)-1]) {
		t.Errorf("startCursor/endCursor %v/%v are not the first and last edges' %v/%v", p.start, p.end, p.cursors[0], p.cursors[len(p.cursors)-1])
	}
	return p
}

func idRange(from, to int) []int { // inclusive, either direction
	var out []int
	step := 1
	if to < from {
		step = -1
	}
	for i := from; ; i += step {
		out = append(out, i)
		if i == to {
			return out
		}
	}
}

func sameInts(a, b []int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// Paging by cursor reads every deployment once, in order, forwards and
// backwards, and a cursor keeps naming the same place.
func TestGraphQLPagingIsCompleteAndStable(t *testing.T) {
	o := newTestOrg(t, Options{})
	tok := o.token(t, "")

	// Forwards, oldest first (the schema's default order): 100, 100, 50.
	var seen []int
	var itemCursors []string
	var cursors []any
	var after any
	for i := 0; ; i++ {
		p := o.deploymentPage(t, tok, map[string]any{"first": 100, "after": after})
		if p.total != 250 || p.prev != (i > 0) {
			t.Errorf("page %d: totalCount %d, hasPreviousPage %v", i, p.total, p.prev)
		}
		seen = append(seen, p.ids...)
		itemCursors = append(itemCursors, p.cursors...)
		cursors = append(cursors, after)
		if !p.next {
			break
		}
		after = p.end
	}
	if !sameInts(seen, idRange(1000, 1249)) || len(cursors) != 3 {
		t.Fatalf("forwards: %d pages, ids %v…", len(cursors), seen[:5])
	}
	// The same cursor gives the same page again.
	again := o.deploymentPage(t, tok, map[string]any{"first": 100, "after": cursors[1]})
	if !sameInts(again.ids, idRange(1100, 1199)) {
		t.Errorf("page 2 again: %v…", again.ids[:3])
	}
	// A cursor taken in one order names the same deployment in the other.
	end := o.deploymentPage(t, tok, map[string]any{"first": 10, "after": again.cursors[len(again.cursors)-1], "dir": "DESC"})
	if !sameInts(end.ids, idRange(1198, 1189)) || !end.prev || !end.next {
		t.Errorf("after 1199's cursor, newest first: %v prev %v next %v", end.ids, end.prev, end.next)
	}
	// After the last item: an empty page with null cursors.
	empty := o.deploymentPage(t, tok, map[string]any{"first": 10, "after": itemCursors[249]})
	if len(empty.ids) != 0 || empty.start != nil || empty.end != nil || empty.next || !empty.prev {
		t.Errorf("after the last: %+v", empty)
	}

	// Backwards from the end, newest first: last 100 of the whole, then before.
	var back []int
	var before any
	for i := 0; ; i++ {
		p := o.deploymentPage(t, tok, map[string]any{"last": 100, "before": before, "dir": "DESC"})
		back = append(p.ids, back...)
		if p.next != (i > 0) {
			t.Errorf("backwards page %d: hasNextPage %v", i, p.next)
		}
		if !p.prev {
			break
		}
		before = p.start
	}
	if !sameInts(back, idRange(1249, 1000)) {
		t.Errorf("backwards, newest first: %d ids, %v…", len(back), back[:3])
	}

	// A filtered connection pages through the filtered items only.
	var production []int
	after = nil
	for {
		p := o.deploymentPage(t, tok, map[string]any{"first": 50, "after": after, "envs": []string{"production"}})
		if p.total != 84 || len(p.environments) > 1 {
			t.Fatalf("environments filter: totalCount %d, environments %v", p.total, p.environments)
		}
		production = append(production, p.ids...)
		if !p.next {
			break
		}
		after = p.end
	}
	if len(production) != 84 || production[1]-production[0] != 3 {
		t.Errorf("production deployments: %d, %v…", len(production), production[:3])
	}
}
