package gql

import (
	"fmt"
	"strings"
	"testing"
)

// The worked examples of GitHub's "Rate limits and query limits for the
// GraphQL API", and the project's rules around them.
func TestMeasure(t *testing.T) {
	ids := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%q ", fmt.Sprintf("DE_%d", i))
		}
		return "[" + b.String() + "]"
	}
	cases := []struct {
		name                    string
		query                   string
		vars                    map[string]any
		requests, nodes, points int
		overLimitAt             string
		overLimitNodes          int
	}{
		{
			name: "docs, point value: 100 repositories × 50 issues × 60 labels = 5,101 requests = 51 points",
			query: `query { viewer { login repositories(first: 100) { edges { node { id
				issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`,
			requests: 1 + 100 + 5000, nodes: 100 + 5000 + 300000, points: 51,
		},
		{
			name: "docs, node limit, simple: 50 repositories + 50 × 10 issues = 550 nodes",
			query: `query { viewer { repositories(first: 50) { edges { repository:node { name
				issues(first: 10) { totalCount edges { node { title bodyHTML } } } } } } } }`,
			requests: 1 + 50, nodes: 550, points: 1,
		},
		{
			name: "docs, node limit, complex: 22,060 nodes",
			query: `query { viewer {
				repositories(first: 50) { edges { repository:node { name
					pullRequests(first: 20) { edges { pullRequest:node { title
						comments(first: 10) { edges { comment:node { bodyHTML } } } } } }
					issues(first: 20) { totalCount edges { issue:node { title bodyHTML
						comments(first: 10) { edges { comment:node { bodyHTML } } } } } } } } }
				followers(first: 10) { edges { follower:node { login } } } } }`,
			requests: 1 + 50 + 1000 + 50 + 1000 + 1, nodes: 22060, points: 21,
		},
		{
			name:     "a query without connections still costs the minimum of 1 point",
			query:    `query { rateLimit { cost remaining } repository(owner: "o", name: "r") { name } }`,
			requests: 0, nodes: 0, points: 1,
		},
		{
			name:  "variables give the page sizes; last counts like first",
			query: `query($n: Int!) { repository(owner: "o", name: "r") { deployments(last: $n) { nodes { statuses(first: 100) { nodes { state } } } } } }`,
			vars:  map[string]any{"n": int64(100)}, requests: 1 + 100, nodes: 100 + 10000, points: 1,
		},
		{
			name:     "nodes(ids:) counts like a connection of len(ids) (DESIGN §3)",
			query:    `query { nodes(ids: ` + ids(100) + `) { ... on Deployment { statuses(first: 100) { nodes { state } } } } }`,
			requests: 1 + 100, nodes: 100 + 10000, points: 1,
		},
		{
			name: "rounding to the nearest: 150 requests are 2 points, 149 are 1",
			query: `query { a: repository(owner: "o", name: "a") { deployments(first: 74) { nodes { statuses(first: 1) { totalCount } } } }
				b: repository(owner: "o", name: "b") { deployments(first: 74) { nodes { statuses(first: 1) { totalCount } } } } }`,
			requests: 2 * (1 + 74), nodes: 2 * (74 + 74), points: 2,
		},
		{
			name: "a field selected twice, directly and through a fragment, is counted once",
			query: `query { repository(owner: "o", name: "r") { deployments(first: 10) { totalCount } ...F } }
				fragment F on Repository { deployments(first: 10) { nodes { id } } }`,
			requests: 1, nodes: 10, points: 1,
		},
		{
			name:     "a connection with only totalCount asks for no nodes",
			query:    `query { repository(owner: "o", name: "r") { deployments { totalCount } } }`,
			requests: 1, nodes: 0, points: 1,
		},
		{
			// GitHub's answer to issues → subIssues → blockedBy, 100 each:
			// "By the time this query traverses to the blockedBy connection,
			// it is requesting up to 1,000,000 possible nodes ..." (blockedBy
			// is newer than the pinned schema; subIssues twice is the same shape).
			name: "100 × 100 × 100 passes the node limit at the innermost connection, with 1,000,000 nodes (as GitHub's message says)",
			query: `query { repository(owner: "o", name: "r") { issues(first: 100) { nodes {
				subIssues(first: 100) { nodes { inner: subIssues(first: 100) { nodes { number } } } } } } } }`,
			requests: 1 + 100 + 10000, nodes: 100 + 10000 + 1000000, points: 101,
			overLimitAt: "subIssues", overLimitNodes: 1000000,
		},
		{
			name: "siblings that pass the limit together: named where the running count passes it",
			query: `query { repository(owner: "o", name: "r") {
				a: deployments(first: 100) { nodes { statuses(first: 100) { nodes { deployment { statuses(first: 30) { totalCount } } } } } }
				b: deployments(first: 100) { nodes { statuses(first: 100) { nodes { deployment { statuses(first: 30) { totalCount } } } } } } } }`,
			requests: 2 * (1 + 100 + 10000), nodes: 2 * (100 + 10000 + 300000), points: 202,
			overLimitAt: "statuses", overLimitNodes: 300000 + 10000 + 100 + 300000,
		},
	}
	schema, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, errs := Prepare(schema, tc.query, "", tc.vars)
			if errs != nil {
				t.Fatalf("not a valid query: %v", errs[0].Message)
			}
			got := Measure(req.Doc, req.Op, req.Vars)
			want := Cost{Requests: tc.requests, Nodes: tc.nodes, Points: tc.points, OverLimit: tc.overLimitAt, OverLimitNodes: tc.overLimitNodes}
			if got != want {
				t.Errorf("Measure = %+v\nwant      %+v", got, want)
			}
		})
	}
}

func TestNodeLimitError(t *testing.T) {
	c := Cost{OverLimit: "blockedBy", OverLimitNodes: 1000000}
	want := "By the time this query traverses to the blockedBy connection, it is requesting up to 1,000,000 possible nodes which exceeds the maximum limit of 500,000."
	if e := c.NodeLimitError(); e == nil || e.Type != "MAX_NODE_LIMIT_EXCEEDED" || e.Message != want {
		t.Errorf("NodeLimitError = %+v", e)
	}
	if (Cost{Nodes: NodeLimit}).NodeLimitError() != nil {
		t.Error("exactly 500,000 nodes is within the limit")
	}
}
