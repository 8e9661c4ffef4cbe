package ghclient

import "fmt"

// connectionPages guards the paging of one connection of one subject, as
// getAll guards a REST list: GitHub's cursors are opaque, so the client
// cannot tell that one moves forward, only that it never repeats, that a
// page saying more follow brought a node not seen before, and that the
// list ends within the REST pager's bound. Without these a repeated page or
// a stuck cursor is followed until the budget is spent. A refusal is a
// *GraphQLPagingError, never retried: asking again gets the same answer.
type connectionPages struct {
	op, subject string
	maxPages    int
	pages       int
	cursors     map[string]bool
	nodes       map[string]bool
}

func (c *Client) connectionPages(op, subject string) *connectionPages {
	return &connectionPages{op: op, subject: subject, maxPages: c.maxPages, cursors: map[string]bool{}, nodes: map[string]bool{}}
}

// first checks a connection's first page, read inside a nodes(ids:) batch
// (batchOp): keys identify its nodes.
func (p *connectionPages) first(batchOp string, info pageInfo, keys []string) error {
	return p.page(batchOp, info, keys)
}

// next checks a page read after the first, with p.op.
func (p *connectionPages) next(info pageInfo, keys []string) error {
	return p.page(p.op, info, keys)
}

func (p *connectionPages) page(op string, info pageInfo, keys []string) error {
	p.pages++
	fresh := 0
	for _, k := range keys {
		if !p.nodes[k] {
			p.nodes[k] = true
			fresh++
		}
	}
	if !info.HasNextPage {
		return nil
	}
	refuse := func(format string, args ...any) error {
		return &GraphQLPagingError{Operation: op, Subject: p.subject, Page: p.pages, Problem: fmt.Sprintf(format, args...)}
	}
	switch {
	case info.EndCursor == nil || *info.EndCursor == "":
		return refuse("hasNextPage without an endCursor")
	case p.cursors[*info.EndCursor]:
		return refuse("endCursor %q repeats a cursor already followed", *info.EndCursor)
	case p.pages > 1 && fresh == 0:
		return refuse("a page with hasNextPage added no node not already read (%d nodes)", len(keys))
	case p.pages >= p.maxPages:
		return refuse("the list has more than %d pages of 100; the provider reads at most that many", p.maxPages)
	}
	p.cursors[*info.EndCursor] = true
	return nil
}

// GraphQLPagingError is a connection whose pages cannot be followed to
// their end: GitHub's answer repeats itself or never ends.
type GraphQLPagingError struct {
	Operation string
	Subject   string
	// Page is the page (1 the first) whose pageInfo was refused.
	Page    int
	Problem string
}

func (e *GraphQLPagingError) Error() string {
	return fmt.Sprintf("GraphQL query %s for %s, page %d: %s; the list cannot be read to its end, so the read stops here rather than spend the rate limit on it",
		e.Operation, e.Subject, e.Page, e.Problem)
}

// keysOf identifies a page's nodes for connectionPages: by node ID, or by
// a name unique in its repository. Null nodes have none.
func keysOf[N any](nodes []*N, key func(*N) string) []string {
	keys := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if n != nil {
			keys = append(keys, key(n))
		}
	}
	return keys
}

func deploymentID(n *DeploymentPageNodesDeployment) string { return n.Id }

// environmentName: a name is unique among a repository's environments.
func environmentName(e *EnvironmentPageNodesEnvironment) string { return e.Name }
