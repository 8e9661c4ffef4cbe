package sandbox

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const examplePullRequestsQuery = `query PullRequests($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: 50, after: $after, orderBy: {field: CREATED_AT, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id databaseId number title state merged mergedAt createdAt updatedAt closedAt
        baseRefName headRefName mergeCommit { oid } author { __typename login }
        labels(first: 10) { nodes { name } }
        commits(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid committedDate authoredDate } } }
      }
    }
  }
}`

const exampleMoreCommitsQuery = `query MoreCommits($id: ID!, $after: String) {
  nodes(ids: [$id]) { ... on PullRequest { commits(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { commit { oid committedDate authoredDate } } } } }
}`

const exampleIssuesQuery = `query Issues($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id databaseId number title state createdAt updatedAt closedAt author { __typename login } labels(first: 10) { nodes { name } } }
    }
  }
}`

// connectionPages reads every page of the connection at path in query's
// answer, asking for the next page with $after.
func (ex *exampleOrg) connectionPages(t *testing.T, query string, vars map[string]any, path ...string) []map[string]any {
	t.Helper()
	var out []map[string]any
	vars["after"] = nil
	for {
		var conn any = ex.graphql(t, query, vars)
		for _, p := range path {
			conn = conn.(map[string]any)[p]
		}
		c := conn.(map[string]any)
		for _, n := range c["nodes"].([]any) {
			out = append(out, n.(map[string]any))
		}
		info := c["pageInfo"].(map[string]any)
		if info["hasNextPage"] != true {
			return out
		}
		vars["after"] = info["endCursor"]
	}
}

func labelNames(t *testing.T, rest []any, g map[string]any) (string, string) {
	t.Helper()
	var r, q []string
	for _, l := range rest {
		r = append(r, l.(map[string]any)["name"].(string))
	}
	for _, l := range g["nodes"].([]any) {
		q = append(q, l.(map[string]any)["name"].(string))
	}
	return strings.Join(r, ","), strings.Join(q, ",")
}

// Every pull request, commit and issue the REST routes serve for the
// example organisation, GraphQL serves the same: what dxgh_dora_metrics
// reads either way agrees.
func TestGraphQLAgreesWithRESTOnPullRequestsAndIssues(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	var prs, commits, issues int
	for _, repo := range ex.restList(t, "installation/repositories", "repositories") {
		full := repo["full_name"].(string)
		owner, name, _ := strings.Cut(full, "/")
		vars := map[string]any{"owner": owner, "name": name}

		rest := ex.restList(t, "repos/"+full+"/pulls?state=all&sort=created&direction=asc", "")
		g := ex.connectionPages(t, examplePullRequestsQuery, vars, "repository", "pullRequests")
		if len(g) != len(rest) {
			t.Fatalf("%s: GraphQL lists %d pull requests, REST %d", full, len(g), len(rest))
		}
		for i, r := range rest {
			comparePullRequest(t, ex, full, r, g[i])
			prs++
			commits += int(g[i]["commits"].(map[string]any)["totalCount"].(float64))
		}

		var restIssues []map[string]any
		for _, it := range ex.restList(t, "repos/"+full+"/issues?state=all&sort=created&direction=asc", "") {
			if it["pull_request"] == nil { // GraphQL's issues are issues only
				restIssues = append(restIssues, it)
			}
		}
		gi := ex.connectionPages(t, exampleIssuesQuery, vars, "repository", "issues")
		if len(gi) != len(restIssues) {
			t.Fatalf("%s: GraphQL lists %d issues, REST %d", full, len(gi), len(restIssues))
		}
		for i, r := range restIssues {
			what := fmt.Sprintf("%s issue #%v", full, r["number"])
			q := gi[i]
			expect(t, what+" id", q["id"], r["node_id"])
			expect(t, what+" databaseId", q["databaseId"], r["id"])
			expect(t, what+" number", q["number"], r["number"])
			expect(t, what+" title", q["title"], r["title"])
			expect(t, what+" state", q["state"], strings.ToUpper(r["state"].(string)))
			for _, k := range [][2]string{{"createdAt", "created_at"}, {"updatedAt", "updated_at"}, {"closedAt", "closed_at"}} {
				expect(t, what+" "+k[0], q[k[0]], r[k[1]])
			}
			expectActor(t, what+" author", q["author"], r["user"])
			rl, ql := labelNames(t, r["labels"].([]any), q["labels"].(map[string]any))
			expect(t, what+" labels", ql, rl)
			issues++
		}
	}
	t.Logf("%d pull requests, %d commits, %d issues agree", prs, commits, issues)
	if prs < 300 || commits < 1500 || issues < 60 {
		t.Errorf("compared too little: %d pull requests, %d commits, %d issues", prs, commits, issues)
	}
}

func comparePullRequest(t *testing.T, ex *exampleOrg, full string, r, q map[string]any) {
	t.Helper()
	what := fmt.Sprintf("%s #%v", full, r["number"])
	expect(t, what+" id", q["id"], r["node_id"])
	expect(t, what+" databaseId", q["databaseId"], r["id"])
	expect(t, what+" number", q["number"], r["number"])
	expect(t, what+" title", q["title"], r["title"])
	state := strings.ToUpper(r["state"].(string))
	if r["merged_at"] != nil {
		state = "MERGED"
	}
	expect(t, what+" state", q["state"], state)
	expect(t, what+" merged", q["merged"], r["merged_at"] != nil)
	for _, k := range [][2]string{{"createdAt", "created_at"}, {"updatedAt", "updated_at"}, {"closedAt", "closed_at"}, {"mergedAt", "merged_at"}} {
		expect(t, what+" "+k[0], q[k[0]], r[k[1]])
	}
	expect(t, what+" baseRefName", q["baseRefName"], r["base"].(map[string]any)["ref"])
	expect(t, what+" headRefName", q["headRefName"], r["head"].(map[string]any)["ref"])
	if r["merged_at"] != nil {
		expect(t, what+" mergeCommit", q["mergeCommit"], map[string]any{"oid": r["merge_commit_sha"]})
	} else {
		expect(t, what+" mergeCommit (not merged)", q["mergeCommit"], nil)
	}
	expectActor(t, what+" author", q["author"], r["user"])
	rl, ql := labelNames(t, r["labels"].([]any), q["labels"].(map[string]any))
	expect(t, what+" labels", ql, rl)

	// Commits: REST lists the first 250, GraphQL all of them.
	conn := q["commits"].(map[string]any)
	var g []map[string]any
	for {
		for _, n := range conn["nodes"].([]any) {
			g = append(g, n.(map[string]any)["commit"].(map[string]any))
		}
		info := conn["pageInfo"].(map[string]any)
		if info["hasNextPage"] != true {
			break
		}
		conn = ex.graphql(t, exampleMoreCommitsQuery, map[string]any{"id": q["id"], "after": info["endCursor"]})["nodes"].([]any)[0].(map[string]any)["commits"].(map[string]any)
	}
	total := int(q["commits"].(map[string]any)["totalCount"].(float64))
	restCommits := ex.restList(t, fmt.Sprintf("repos/%s/pulls/%v/commits", full, r["number"]), "")
	if len(g) != total || len(restCommits) != min(total, 250) {
		t.Fatalf("%s: totalCount %d, GraphQL paged %d, REST listed %d", what, total, len(g), len(restCommits))
	}
	for i, c := range restCommits {
		commit := c["commit"].(map[string]any)
		expect(t, fmt.Sprintf("%s commit %d", what, i), g[i], map[string]any{
			"oid": c["sha"], "committedDate": commit["committer"].(map[string]any)["date"], "authoredDate": commit["author"].(map[string]any)["date"],
		})
	}
}

// Filters and orders GraphQL readers use, on acme/api's pull requests and
// issues.
func TestGraphQLPullRequestAndIssueFilters(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	repo := exampleRepo(t, "acme/api")
	count := func(query string) int {
		t.Helper()
		d := ex.graphql(t, `query { repository(owner: "acme", name: "api") { `+query+` { totalCount } } }`, nil)
		for _, v := range d["repository"].(map[string]any) {
			return int(v.(map[string]any)["totalCount"].(float64))
		}
		return -1
	}
	var merged, closed, open, release, incidentPRs, incidents, incidentOrSev1, since int
	for _, pr := range repo.PullRequests {
		switch {
		case pr.MergedAt != nil:
			merged++
		case pr.State == "closed":
			closed++
		default:
			open++
		}
		if pr.BaseRef == "release/2026-10" {
			release++
		}
		if labelled(pr.Labels, "incident") {
			incidentPRs++
		}
	}
	for _, is := range repo.Issues {
		if labelled(is.Labels, "incident") {
			incidents++
		}
		if labelled(is.Labels, "incident") || labelled(is.Labels, "sev1") {
			incidentOrSev1++
			if !is.UpdatedAt.Before(mustParse(t, "2026-11-12T15:30:00Z")) {
				since++
			}
		}
	}
	for query, want := range map[string]int{
		`pullRequests(states: [MERGED])`:                                                  merged,
		`pullRequests(states: [CLOSED])`:                                                  closed,
		`pullRequests(states: [OPEN])`:                                                    open,
		`pullRequests(states: [OPEN, CLOSED, MERGED])`:                                    len(repo.PullRequests),
		`pullRequests(baseRefName: "release/2026-10")`:                                    release,
		`pullRequests(labels: ["INCIDENT"])`:                                              incidentPRs,
		`issues(labels: ["Incident"])`:                                                    incidents,
		`issues(labels: ["incident", "sev1"])`:                                            incidentOrSev1,
		`issues(labels: ["incident", "sev1"], filterBy: {since: "2026-11-12T15:30:00Z"})`: since,
	} {
		if got := count(query); got != want || want == 0 {
			t.Errorf("%s: totalCount %d, want %d (not 0)", query, got, want)
		}
	}

	d := ex.graphql(t, `query { repository(owner: "acme", name: "api") {
		pullRequests(first: 100, states: [MERGED, CLOSED], orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { number updatedAt author { __typename login } } } } }`, nil)
	nodes := d["repository"].(map[string]any)["pullRequests"].(map[string]any)["nodes"].([]any)
	restOrder := ex.restList(t, "repos/acme/api/pulls?state=closed&sort=updated&direction=desc", "")
	sawBot := false
	for i, n := range nodes {
		m := n.(map[string]any)
		expect(t, fmt.Sprintf("UPDATED_AT DESC, item %d", i), m["number"], restOrder[i]["number"])
		if a := m["author"].(map[string]any); a["__typename"] == "Bot" {
			sawBot = true
			if strings.HasSuffix(a["login"].(string), "[bot]") {
				t.Errorf("a Bot's GraphQL login keeps [bot]: %v", a["login"])
			}
		}
	}
	if len(nodes) != len(restOrder) || !sawBot {
		t.Errorf("closed pull requests: GraphQL %d, REST %d; a bot among them: %v", len(nodes), len(restOrder), sawBot)
	}
}

func mustParse(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// pull_requests guards pull requests and their commits, issues guards
// issues, field by field and node by node, as REST's routes.
func TestGraphQLChangePermissions(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	repo := exampleRepo(t, "acme/api")
	prID, issueID := nodeID("PR", repo.PullRequests[0].ID), nodeID("I", repo.Issues[0].ID)
	ask := func(query string) gqlReply {
		t.Helper()
		return postGraphQL(t, ex.client, ex.url, "graphql", ex.token, query, nil)
	}
	forbidden := func(r gqlReply, path string) {
		t.Helper()
		errs := r.errors()
		if len(errs) != 1 || errs[0]["type"] != "FORBIDDEN" || fmt.Sprint(errs[0]["path"]) != path {
			t.Errorf("want FORBIDDEN at %s: %s", path, r.raw)
		}
	}
	if r := ask(`query { nodes(ids: ["` + prID + `", "` + issueID + `"]) { id } }`); r.errors() != nil {
		t.Fatalf("with both permissions: %s", r.raw)
	}
	if err := ex.srv.SetPermission(11001, "pull_requests", ""); err != nil {
		t.Fatal(err)
	}
	forbidden(ask(`query { repository(owner: "acme", name: "api") { pullRequests(first: 1) { totalCount } } }`), "[repository pullRequests]")
	forbidden(ask(`query { nodes(ids: ["`+prID+`", "`+issueID+`"]) { id } }`), "[nodes 0]")
	if err := ex.srv.SetPermission(11001, "issues", ""); err != nil {
		t.Fatal(err)
	}
	forbidden(ask(`query { repository(owner: "acme", name: "api") { issues(first: 1) { totalCount } } }`), "[repository issues]")
}

// Pull requests with their first commit and labels cost what GitHub's rules
// say: 1 + 100 + 100 requests, 2 points; 100 + 100 + 1,000 nodes.
func TestGraphQLPullRequestsCost(t *testing.T) {
	ex := serveExampleOrg(t, Options{}, 11001)
	d := ex.graphql(t, `query { rateLimit { cost nodeCount } repository(owner: "acme", name: "api") {
		pullRequests(first: 100) { nodes { commits(first: 1) { nodes { commit { oid } } } labels(first: 10) { nodes { name } } } } } }`, nil)
	jsonEqual(t, "rateLimit", d["rateLimit"], `{"cost": 2, "nodeCount": 1200}`)
}
