package ghclient

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// eachNode decodes raw, the nodes(ids:) of a query for subjects, one
// element at a time, and hands each to use before decoding the next, so
// that only one element's structures need be alive at once. Every element
// must be of the wanted type, one per subject.
func eachNode[N any](op string, raw json.RawMessage, subjects []string, typename func(*N) string, want string, use func(i int, n *N)) error {
	unexpected := func(err error) error {
		return &GraphQLError{Operation: op, Subjects: subjects, Messages: []GraphQLMessage{{Message: "unexpected nodes: " + err.Error()}}}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		if err == nil {
			err = fmt.Errorf("%v where a list was expected", tok)
		}
		return unexpected(err)
	}
	var bad error // the first element of another type, reported once the count is known to be right
	count := 0
	for ; dec.More(); count++ {
		var n *N
		if err := dec.Decode(&n); err != nil {
			return unexpected(err)
		}
		switch {
		case bad != nil || count >= len(subjects):
		case n == nil || typename(n) != want:
			bad = &GraphQLError{Operation: op, Subjects: subjects[count : count+1], Messages: []GraphQLMessage{{
				Message: fmt.Sprintf("its ID does not resolve to a %s", want)}}}
		default:
			use(count, n)
		}
	}
	if _, err := dec.Token(); err != nil {
		return unexpected(err)
	}
	if count != len(subjects) {
		return &GraphQLError{Operation: op, Subjects: subjects, Messages: []GraphQLMessage{{
			Message: fmt.Sprintf("%d nodes for %d IDs", count, len(subjects))}}}
	}
	return bad
}

// decodeNodes decodes nodes(ids:), one element per subject, each of the
// wanted type.
func decodeNodes[N any](op string, raw json.RawMessage, subjects []string, typename func(*N) string, want string) ([]*N, error) {
	nodes := make([]*N, len(subjects))
	if err := eachNode(op, raw, subjects, typename, want, func(i int, n *N) { nodes[i] = n }); err != nil {
		return nil, err
	}
	return nodes, nil
}

func decodeNode[N any](op string, raw json.RawMessage, subject string, typename func(*N) string, want string) (*N, error) {
	nodes, err := decodeNodes(op, json.RawMessage("["+string(raw)+"]"), []string{subject}, typename, want)
	if err != nil {
		return nil, err
	}
	return nodes[0], nil
}
