package ghclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"
)

// graphqlRoute is how the client names every GraphQL request in errors,
// logs and rate-limit decisions, as the sandbox counts them.
const graphqlRoute = "POST /graphql"

// graphqlURL is GitHub's GraphQL endpoint for the client's API root:
// {base}/graphql for api.github.com, GHE.com and loopback roots, and
// https://HOST/api/graphql for GitHub Enterprise Server (base …/api/v3/).
func (c *Client) graphqlURL() string {
	base := c.base.String()
	if root, ok := strings.CutSuffix(base, "/api/v3/"); ok {
		return root + "/api/graphql"
	}
	return base + "graphql"
}

// gqlClient is genqlient's graphql.Client over the layered http.Client of
// one installation token: the same concurrency bound, retries and
// rate-limit policy as REST. Subjects name what the query reads (the
// repositories of a batch), for errors.
type gqlClient struct {
	c        *Client
	hc       *http.Client
	cl       call
	subjects []string
	// splittable: a 502/504 (GitHub's timeout) is returned at once as a
	// *GraphQLTimeoutError for the caller to split the batch, not retried
	// as it is.
	splittable bool
}

func (c *Client) graphqlClient(inst Installation, perm string, subjects []string, splittable bool) *gqlClient {
	cl := call{Route: graphqlRoute, Path: "/graphql", InstallationID: inst.ID, graphql: true, splittable: splittable}
	if len(subjects) == 1 {
		cl.Repository = subjects[0]
	}
	return &gqlClient{c: c, hc: c.installationClient(inst, perm), cl: cl, subjects: subjects, splittable: splittable}
}

// GraphQLMessage is one element of a response's errors.
type GraphQLMessage struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Path    []any  `json:"path"`

	subject string // what the path points at in nodes(ids:), set by narrow
}

// MakeRequest sends one query and decodes its data into resp.Data. Every
// failure is an *APIError, a *RateLimitWaitError, a *GraphQLTimeoutError or
// a *GraphQLError.
func (g *gqlClient) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	c := g.c
	// A logging context per query, as REST has one per call: tflog's masks
	// write to the context's field map, so concurrent queries must not share one.
	ctx = c.logContext(ctx)
	cl := g.cl
	cl.Operation = req.OpName
	body, err := json.Marshal(req)
	if err != nil {
		return &GraphQLError{Operation: req.OpName, Subjects: g.subjects, Messages: []GraphQLMessage{{Message: err.Error()}}}
	}
	hreq, err := http.NewRequestWithContext(withCall(ctx, cl), http.MethodPost, c.graphqlURL(), bytes.NewReader(body))
	if err != nil {
		return c.requestError(cl, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.gh.UserAgent)
	start := time.Now()
	c.stats.graphqlQueries.Add(1)
	hresp, err := g.hc.Do(hreq)
	if err != nil {
		return c.requestError(cl, err)
	}
	data, err := readBody(hresp.Body)
	hresp.Body.Close()
	if err != nil {
		return c.requestError(cl, err)
	}
	if timedOut(hresp.StatusCode) {
		return &GraphQLTimeoutError{Operation: req.OpName, Subjects: g.subjects, StatusCode: hresp.StatusCode}
	}
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		return apiError(cl, hresp.StatusCode, data)
	}
	into := &dataInto{target: resp.Data}
	answer := struct {
		Data   *dataInto        `json:"data"`
		Errors []GraphQLMessage `json:"errors"`
	}{Data: into}
	if err := json.Unmarshal(data, &answer); err != nil {
		return &GraphQLError{Operation: req.OpName, Subjects: g.subjects,
			Messages: []GraphQLMessage{{Message: "unexpected response body: " + err.Error()}}}
	}
	g.noteCost(ctx, req.OpName, into.cost.RateLimit, start)
	if len(answer.Errors) > 0 {
		return &GraphQLError{Operation: req.OpName, Subjects: g.subjects, Messages: answer.Errors}
	}
	if answer.Data == nil || !into.seen {
		return &GraphQLError{Operation: req.OpName, Subjects: g.subjects,
			Messages: []GraphQLMessage{{Message: "the response has no data and no errors"}}}
	}
	if into.err != nil {
		return &GraphQLError{Operation: req.OpName, Subjects: g.subjects,
			Messages: []GraphQLMessage{{Message: "unexpected response data: " + into.err.Error()}}}
	}
	return nil
}

// dataInto decodes a response's data where it stands in the body, into the
// query's response type and its rateLimit cost, rather than copying it out
// first: a large answer is held once less while it is decoded. A null data
// never reaches it (the pointer to it is set to nil).
type dataInto struct {
	target any
	cost   struct {
		RateLimit *Cost `json:"rateLimit"`
	}
	seen bool
	err  error
}

func (d *dataInto) UnmarshalJSON(b []byte) error {
	d.seen = true
	_ = json.Unmarshal(b, &d.cost)
	d.err = json.Unmarshal(b, d.target) // reported after errors, which say more
	return nil
}

// noteCost counts and logs what a query cost, as its rateLimit selection
// reports it.
func (g *gqlClient) noteCost(ctx context.Context, op string, cost *Cost, start time.Time) {
	fields := map[string]any{"operation": op, "installation_id": g.cl.InstallationID, "subjects": len(g.subjects),
		"duration_ms": time.Since(start).Milliseconds()}
	if cost != nil {
		g.c.stats.graphqlPoints.Add(int64(cost.Cost))
		fields["cost"], fields["remaining"] = cost.Cost, cost.Remaining
		fields["reset_at"] = cost.ResetAt.UTC().Format(time.RFC3339)
	}
	safelog.Debug(ctx, "GitHub GraphQL query", fields)
}

func timedOut(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusGatewayTimeout
}

// GraphQLError is a GraphQL response with errors, or without the data the
// query asked for. Subjects are the repositories (or deployments) the query
// read; an error whose path points into nodes(ids:) names its own.
type GraphQLError struct {
	Operation string
	Subjects  []string
	Messages  []GraphQLMessage
}

// Error says each distinct message once: a refused batch repeats the same
// message for each of its 100 repositories. When the messages point at
// subjects of their own, more than one, each says which it was for.
func (e *GraphQLError) Error() string {
	var order []string
	subjects := map[string][]string{}
	own := true
	for _, m := range e.Messages {
		text := fmt.Sprintf("%q", m.Message)
		if m.Type != "" {
			text = m.Type + " " + text
		}
		if _, ok := subjects[text]; !ok {
			order = append(order, text)
			subjects[text] = nil
		}
		if m.subject == "" {
			own = false
		} else if !slices.Contains(subjects[text], m.subject) {
			subjects[text] = append(subjects[text], m.subject)
		}
	}
	if !own || len(order) == 0 || len(e.Subjects) == 1 {
		return fmt.Sprintf("GraphQL query %s for %s: GitHub answered %s", e.Operation, describeSubjects(e.Subjects), strings.Join(order, "; "))
	}
	parts := make([]string, len(order))
	for i, text := range order {
		parts[i] = text + " for " + countSubjects(subjects[text])
	}
	return fmt.Sprintf("GraphQL query %s: GitHub answered %s", e.Operation, strings.Join(parts, "; "))
}

// countSubjects is describeSubjects, with how many when more than one:
// "20 repositories: acme/a, …, acme/e and 15 more".
func countSubjects(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	noun := "repositories"
	switch {
	case strings.Contains(s[0], " deployment "):
		noun = "deployments"
	case strings.Contains(s[0], " pull request "):
		noun = "pull requests"
	}
	return fmt.Sprintf("%d %s: %s", len(s), noun, describeSubjects(s))
}

// NotFound reports whether every message is GitHub's NOT_FOUND.
func (e *GraphQLError) NotFound() bool {
	for _, m := range e.Messages {
		if m.Type != "NOT_FOUND" {
			return false
		}
	}
	return len(e.Messages) > 0
}

// GraphQLTimeoutError is a query GitHub gave up on (502 or 504): a smaller
// query may pass.
type GraphQLTimeoutError struct {
	Operation  string
	Subjects   []string
	StatusCode int
}

func (e *GraphQLTimeoutError) Error() string {
	return fmt.Sprintf("GraphQL query %s for %s: GitHub answered %d (the query timed out)", e.Operation, describeSubjects(e.Subjects), e.StatusCode)
}

func describeSubjects(s []string) string {
	switch {
	case len(s) == 0:
		return "no repository"
	case len(s) <= 5:
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(s[:5], ", "), len(s)-5)
}

// graphqlRateLimited recognises GraphQL's primary limit: HTTP 200 with an
// error of type RATE_LIMITED (or RATE_LIMIT, GitHub's word once already
// refused). The wait is what retry-after says, else until
// x-ratelimit-reset; with neither, the client backs off as for a secondary
// limit.
func graphqlRateLimited(resp *http.Response, data []byte) (limit, bool) {
	if resp.StatusCode != http.StatusOK {
		return limit{}, false
	}
	var answer struct {
		Errors []GraphQLMessage `json:"errors"` // data is left undecoded, not copied
	}
	if json.Unmarshal(data, &answer) != nil {
		return limit{}, false
	}
	for _, m := range answer.Errors {
		if m.Type == "RATE_LIMITED" || m.Type == "RATE_LIMIT" {
			if wait, ok := parseRetryAfter(resp.Header.Get("Retry-After")); ok {
				return limit{wait: wait}, true
			}
			if reset, _ := rateHeaders(resp.Header); !reset.IsZero() {
				return limit{wait: max(time.Until(reset)+primaryBuffer, primaryBuffer)}, true
			}
			return limit{secondary: true}, true
		}
	}
	return limit{}, false
}
