package gql

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// Request is a query parsed, validated against the schema and ready to
// execute: the operation to run and its coerced variables.
type Request struct {
	Schema *ast.Schema
	Doc    *ast.QueryDocument
	Op     *ast.OperationDefinition
	Vars   map[string]any
}

// OperationName is the operation's name, "" when anonymous.
func (r *Request) OperationName() string { return r.Op.Name }

// Prepare parses and validates a query and picks its operation, answering
// what is wrong the way GitHub (graphql-ruby) words it. variables come from
// JSON decoded with UseNumber.
func Prepare(schema *ast.Schema, query, operationName string, variables map[string]any) (*Request, []*Error) {
	doc, err := parser.ParseQuery(&ast.Source{Name: "query", Input: query})
	if err != nil {
		return nil, []*Error{parseError(query, err)}
	}
	if errs := validator.ValidateWithRules(schema, doc, nil); len(errs) > 0 {
		return nil, validationErrors(schema, doc, errs)
	}
	op, e := pickOperation(doc, operationName)
	if e != nil {
		return nil, []*Error{e}
	}
	if op.Operation != ast.Query {
		return nil, []*Error{{Extensions: map[string]any{"code": "sandboxUnsupported"}, Locations: locationOf(op.Position),
			Message: "The sandbox serves queries only, not " + string(op.Operation) + "s"}}
	}
	vars, err := validator.VariableValues(schema, op, variables)
	if err != nil {
		return nil, []*Error{variableError(op, variables, err)}
	}
	return &Request{Schema: schema, Doc: doc, Op: op, Vars: vars}, nil
}

// OperationName names the operation a request runs, for counting, without
// validating it: operationName when given, else the document's only
// operation's name; "" when anonymous or unparsable.
func OperationName(query, operationName string) string {
	if operationName != "" {
		return operationName
	}
	doc, err := parser.ParseQuery(&ast.Source{Name: "query", Input: query})
	if err != nil || len(doc.Operations) != 1 {
		return ""
	}
	return doc.Operations[0].Name
}

func pickOperation(doc *ast.QueryDocument, name string) (*ast.OperationDefinition, *Error) {
	if name != "" {
		if op := doc.Operations.ForName(name); op != nil {
			return op, nil
		}
		return nil, &Error{Message: fmt.Sprintf("No operation named %q", name)}
	}
	switch len(doc.Operations) {
	case 0:
		return nil, &Error{Message: "No operations in this document"}
	case 1:
		return doc.Operations[0], nil
	}
	return nil, &Error{Message: "An operation name is required"}
}

// variableError is graphql-ruby's answer to a variable value that does not
// fit its declared type.
func variableError(op *ast.OperationDefinition, given map[string]any, err error) *Error {
	var ge *gqlerror.Error
	if !errors.As(err, &ge) || len(ge.Path) < 2 {
		return &Error{Message: err.Error()}
	}
	name := fmt.Sprint(ge.Path[1])
	def := op.VariableDefinitions.ForName(name)
	if def == nil {
		return &Error{Message: err.Error()}
	}
	problemPath := []any{}
	for _, p := range ge.Path[2:] {
		switch p := p.(type) {
		case ast.PathIndex:
			problemPath = append(problemPath, int(p))
		default:
			problemPath = append(problemPath, fmt.Sprint(p))
		}
	}
	explanation := ge.Message
	if strings.HasSuffix(ge.Message, "must be defined") || strings.HasSuffix(ge.Message, "cannot be null") {
		explanation = "Expected value to not be null"
	}
	return &Error{
		Extensions: map[string]any{"value": given[name], "problems": []any{map[string]any{"path": problemPath, "explanation": explanation}}},
		Locations:  locationOf(def.Position),
		Message:    fmt.Sprintf("Variable $%s of type %s was provided invalid value", name, def.Type.String()),
	}
}
