package gql

import "github.com/vektah/gqlparser/v2/ast"

// Error is one entry of a response's "errors", in GitHub's shape: the JSON
// fields in the order GitHub writes them (type, path, extensions,
// locations, message), each left out when empty.
type Error struct {
	Type       string         `json:"type,omitempty"` // NOT_FOUND, FORBIDDEN, RATE_LIMITED, ...
	Code       string         `json:"code,omitempty"` // only GitHub's RATE_LIMIT errors have one
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
	Locations  []Location     `json:"locations,omitempty"`
	Message    string         `json:"message"`
}

func (e *Error) Error() string { return e.Message }

// Location is a line and column in the query, both from 1.
type Location struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

func locationOf(p *ast.Position) []Location {
	if p == nil {
		return nil
	}
	return []Location{{Line: p.Line, Column: p.Column}}
}

// GitHub's error types for the failures a resolver reports.
const (
	TypeNotFound      = "NOT_FOUND"
	TypeForbidden     = "FORBIDDEN"
	TypeArgumentLimit = "ARGUMENT_LIMIT"
)

// NotFound is GitHub's error for an object the token cannot see or that
// does not exist, e.g. "Could not resolve to a Repository with the name 'o/r'.".
func NotFound(message string) *Error { return &Error{Type: TypeNotFound, Message: message} }

// Forbidden is GitHub's error for a field the token lacks the permission for.
func Forbidden() *Error {
	return &Error{Type: TypeForbidden, Extensions: map[string]any{"saml_failure": false}, Message: "Resource not accessible by integration"}
}

// Unsupported is the sandbox's own error for what GitHub's schema has and
// the sandbox does not serve, so that a test never mistakes it for null.
func Unsupported(typeName, fieldName, argument string) *Error {
	what := typeName + "." + fieldName
	ext := map[string]any{"code": "sandboxUnsupported", "typeName": typeName, "fieldName": fieldName}
	if argument != "" {
		what += "(" + argument + ":)"
		ext["argumentName"] = argument
	}
	return &Error{Extensions: ext,
		Message: "The sandbox does not serve " + what + ", which GitHub's schema has; see internal/sandbox/README.md for what it serves"}
}
