package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
	"github.com/vektah/gqlparser/v2/ast"
)

// GraphQL's routes: github.com's and GitHub Enterprise Server's.
const (
	graphqlRoute     = "POST /graphql" // both paths count under this template
	graphqlGHESPath  = "/api/graphql"
	graphqlDocs      = "https://docs.github.com/graphql"
	maxGraphQLBody   = 1 << 20
	anonymousOpLabel = "(anonymous)"
)

// StatusOrder is the order GraphQL lists a deployment's statuses in. GitHub
// does not document it, so a client must not depend on it; the sandbox
// serves either, and tests run both.
type StatusOrder int

const (
	StatusesOldestFirst StatusOrder = iota // by created_at, then ID (the default)
	StatusesNewestFirst                    // as REST lists them
)

// graphqlState is the GraphQL side's share of the server: budgets by
// installation, guarded by s.mu, and the node index, built once.
type graphqlState struct {
	budgets map[string]*pointsBudget
	index   nodeIndexOnce
}

// gqlRequest is the JSON body of a GraphQL POST.
type gqlRequest struct {
	Query         *string        `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

// gqlResponse is GitHub's answer: data (absent when the query never ran)
// then errors.
type gqlResponse struct {
	Data   json.RawMessage `json:"data,omitempty"`
	Errors []*gql.Error    `json:"errors,omitempty"`
}

// serveGraphQL answers POST /graphql and POST /api/graphql with the same
// counting, faults and authentication as the REST routes, and reports
// whether the request was one of those. Playing GitHub Enterprise Server,
// it has only /api/graphql: /graphql is refused like any path outside GHES's.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost || (r.URL.Path != "/graphql" && r.URL.Path != graphqlGHESPath) ||
		(s.opts.EnterpriseServer && r.URL.Path != graphqlGHESPath) {
		return false
	}
	base := "http://" + r.Host + "/"
	if r.URL.Path == graphqlGHESPath {
		base = "http://" + r.Host + "/api/v3/"
	}
	c := &call{r: r, path: "/graphql", base: base}
	s.count(graphqlRoute)
	body, err := io.ReadAll(io.LimitReader(r.Body, maxGraphQLBody+1))
	if err != nil {
		return true // the client went away
	}
	// Faults are drawn per exact request; every GraphQL request has the
	// same path, so the body names it instead.
	if s.injectFault(w, faultKeyed(r, body), c) {
		return true
	}
	if resp, ok := s.authenticate(authToken, credential(r.Header.Get("Authorization")), c); !ok {
		s.write(w, c, "", graphqlAuthError(resp))
		return true
	}
	s.write(w, c, "", s.graphqlAnswer(c, body))
	return true
}

func faultKeyed(r *http.Request, body []byte) *http.Request {
	sum := sha256.Sum256(body)
	keyed := r.Clone(r.Context())
	keyed.URL.RawQuery = "body=" + hex.EncodeToString(sum[:8])
	return keyed
}

// graphqlAuthError is GitHub's 401 for GraphQL: "This endpoint requires you
// to be authenticated." without a credential, "Bad credentials" for an
// expired or unknown token, and (inferred: GitHub documents that GraphQL
// takes no app JWT, not its answer) the same for an app JWT.
func graphqlAuthError(resp response) response {
	body, _ := resp.body.(object)
	switch {
	case body == nil:
	case body["message"] == "Requires authentication":
		body["message"] = "This endpoint requires you to be authenticated."
		body["documentation_url"] = graphqlDocs + "/guides/forming-calls-with-graphql#authenticating-with-graphql"
	default:
		body["message"], body["documentation_url"] = msgBadCredentials, graphqlDocs
		resp.status = http.StatusUnauthorized
	}
	return resp
}

// graphqlAnswer runs one authenticated GraphQL request: the budget, the
// query's validation, its cost and node limit, then execution.
func (s *Server) graphqlAnswer(c *call, body []byte) response {
	budget := s.graphqlBudgetKey(c)
	header := http.Header{}
	answer := func(errs []*gql.Error, data json.RawMessage) response {
		s.graphqlHeaders(header, budget)
		return response{status: http.StatusOK, header: header, body: gqlResponse{Data: data, Errors: errs}}
	}
	var req gqlRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if len(body) > maxGraphQLBody || dec.Decode(&req) != nil {
		s.graphqlHeaders(header, budget)
		return response{status: http.StatusBadRequest, header: header, body: object{"message": "Problems parsing JSON", "documentation_url": graphqlDocs}}
	}
	if req.Query == nil || strings.TrimSpace(*req.Query) == "" {
		return answer([]*gql.Error{{Message: "A query attribute must be specified and must be a string."}}, nil)
	}
	label := gql.OperationName(*req.Query, req.OperationName)
	if label == "" {
		label = anonymousOpLabel
	}
	s.noteGraphQLQuery(label)
	if refusal := s.graphqlRateLimitedFault(c, header); refusal != nil {
		return answer([]*gql.Error{refusal}, nil)
	}
	if refusal := s.admit(c, budget); refusal != nil {
		return answer([]*gql.Error{refusal}, nil)
	}
	prepared, cost, errs := prepareGraphQL(*req.Query, req.OperationName, req.Variables)
	if errs != nil {
		// A query refused before it runs still costs the minimum point
		// (inferred: never cheaper than GitHub may charge).
		if _, refusal := s.spend(c, budget, label, 1); refusal != nil {
			return answer([]*gql.Error{refusal}, nil)
		}
		return answer(errs, nil)
	}
	dryRun := isDryRun(prepared)
	points := cost.Points
	if dryRun {
		points = 0
	}
	snapshot, refusal := s.spend(c, budget, label, points)
	if refusal != nil {
		return answer([]*gql.Error{refusal}, nil)
	}
	gc := s.newGQLCall(c, cost, snapshot)
	data, execErrs := gql.Execute(graphqlResolvers(), gc, prepared, func(root string) bool { return dryRun && root != "rateLimit" })
	raw, err := json.Marshal(data)
	if err != nil {
		return answer([]*gql.Error{{Message: err.Error()}}, nil)
	}
	return answer(execErrs, raw)
}

// prepareGraphQL parses and validates a query, refuses what the sandbox
// does not serve or what is over the node limit, and measures its cost.
func prepareGraphQL(query, operationName string, variables map[string]any) (*gql.Request, gql.Cost, []*gql.Error) {
	schema, err := gql.Schema()
	if err != nil {
		return nil, gql.Cost{}, []*gql.Error{{Message: err.Error()}}
	}
	prepared, errs := gql.Prepare(schema, query, operationName, variables)
	if errs == nil {
		errs = graphqlResolvers().Check(prepared)
	}
	if errs != nil {
		return nil, gql.Cost{}, errs
	}
	cost := gql.Measure(prepared.Doc, prepared.Op, prepared.Vars)
	if e := cost.NodeLimitError(); e != nil {
		return nil, cost, []*gql.Error{e}
	}
	return prepared, cost, nil
}

// isDryRun: rateLimit(dryRun: true) at the root makes the whole query a
// dry run, which costs nothing and evaluates nothing but rateLimit (the
// schema: "calculate the cost for the query without evaluating it"; that
// the other fields come back null is inferred).
func isDryRun(req *gql.Request) bool {
	for _, sel := range req.Op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && f.Name == "rateLimit" {
			if v, _ := f.ArgumentMap(req.Vars)["dryRun"].(bool); v {
				return true
			}
		}
	}
	return false
}
