package gql

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// MaxPageSize is the largest first or last GitHub accepts.
const MaxPageSize = 100

// PageInfo is a connection's pageInfo.
type PageInfo struct {
	HasNextPage, HasPreviousPage bool
	StartCursor, EndCursor       string // "" is null
}

// Page is a connection's resolved value: the nodes of the page, their
// cursors, pageInfo and totalCount (of all the items, not the page).
type Page struct {
	Nodes      []any
	Cursors    []string
	Info       PageInfo
	TotalCount int
}

// NewPage cuts items to the page a connection field's first, last, after
// and before ask for (Relay's algorithm: after and before narrow, then
// first, then last), with GitHub's errors for missing or excessive page
// sizes and unknown cursors. keys[i] identifies items[i] stably (a
// database ID): cursors name items, not positions, so a page stays where
// it was when the order or the items around it change.
func NewPage(f *Field, items []any, keys []string) (*Page, error) {
	first, hasFirst, err := pageSizeArg(f, "first")
	if err != nil {
		return nil, err
	}
	last, hasLast, err := pageSizeArg(f, "last")
	if err != nil {
		return nil, err
	}
	if !hasFirst && !hasLast && f.Selects("nodes", "edges") {
		return nil, &Error{Type: "MISSING_PAGINATION_BOUNDARIES",
			Message: fmt.Sprintf("You must provide a `first` or `last` value to properly paginate the `%s` connection.", f.Name)}
	}
	lo, hi := 0, len(items)
	after, hasAfter := f.Args["after"].(string)
	if hasAfter {
		i, err := cursorIndex(after, keys)
		if err != nil {
			return nil, err
		}
		lo = i + 1
	}
	before, hasBefore := f.Args["before"].(string)
	if hasBefore {
		i, err := cursorIndex(before, keys)
		if err != nil {
			return nil, err
		}
		hi = max(lo, i)
	}
	// Relay's pageInfo: with first, whether more follow in the range; with
	// last, whether more precede it; otherwise whether anything lies beyond
	// the cursor given (as graphql-ruby answers, where Relay allows false).
	var info PageInfo
	switch {
	case hasFirst:
		info.HasNextPage = hi-lo > first
	case hasBefore:
		info.HasNextPage = hi < len(items)
	}
	if hasFirst {
		hi = min(hi, lo+first)
	}
	switch {
	case hasLast:
		info.HasPreviousPage = hi-lo > last
	case hasAfter:
		info.HasPreviousPage = lo > 0
	}
	if hasLast {
		lo = max(lo, hi-last)
	}
	p := &Page{Nodes: items[lo:hi], TotalCount: len(items)}
	for _, k := range keys[lo:hi] {
		p.Cursors = append(p.Cursors, encodeCursor(k))
	}
	if len(p.Cursors) > 0 {
		info.StartCursor, info.EndCursor = p.Cursors[0], p.Cursors[len(p.Cursors)-1]
	}
	p.Info = info
	return p, nil
}

func pageSizeArg(f *Field, name string) (int, bool, error) {
	v, present := f.Args[name]
	if !present || v == nil {
		return 0, false, nil
	}
	n, _ := Int(v)
	if n > MaxPageSize {
		return 0, false, &Error{Type: "EXCESSIVE_PAGINATION",
			Message: fmt.Sprintf("Requesting %d records on the `%s` connection exceeds the `%s` limit of %d records.", n, f.Name, name, MaxPageSize)}
	}
	if n < 0 {
		return 0, false, &Error{Message: fmt.Sprintf("`%s` on the `%s` connection cannot be less than zero.", name, f.Name)}
	}
	return n, true, nil
}

const cursorPrefix = "cursor:v2:"

func encodeCursor(key string) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + key))
}

func cursorIndex(cursor string, keys []string) (int, error) {
	raw, err := base64.StdEncoding.DecodeString(cursor)
	if err == nil && strings.HasPrefix(string(raw), cursorPrefix) {
		key := strings.TrimPrefix(string(raw), cursorPrefix)
		for i, k := range keys {
			if k == key {
				return i, nil
			}
		}
	}
	return 0, &Error{Type: "INVALID_CURSOR_ARGUMENTS", Message: fmt.Sprintf("`%s` does not appear to be a valid cursor.", cursor)}
}
