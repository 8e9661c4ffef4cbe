// Package gql is the sandbox's GraphQL engine: GitHub's published schema,
// requests parsed and validated against it with GitHub's error shapes,
// GitHub's cost and node-limit rules, and an executor over resolvers that
// the sandbox registers for the fields it serves.
package gql

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

//go:generate go run ./genschema -out schema.graphql

// SchemaText is GitHub's published schema (npm @octokit/graphql-schema, the
// version pinned in GNUmakefile), as Correct leaves it: the whole schema,
// not a pruning, so that a query the sandbox does not serve is still
// validated as GitHub would and then refused by name as unserved, never
// reported as invalid. The schema is GitHub's, MIT-licensed by the package.
//
//go:embed schema.graphql
var SchemaText string

var (
	schemaOnce sync.Once
	schema     *ast.Schema
	schemaErr  error
)

// Schema is SchemaText loaded and validated, once per process.
func Schema() (*ast.Schema, error) {
	schemaOnce.Do(func() { schema, schemaErr = LoadSchema(SchemaText) })
	return schema, schemaErr
}

// LoadSchema parses and validates a schema as gqlparser (and genqlient) do.
func LoadSchema(text string) (*ast.Schema, error) {
	doc, err := parser.ParseSchemas(validator.Prelude, &ast.Source{Name: "schema.graphql", Input: text})
	if err != nil {
		return nil, fmt.Errorf("GitHub's GraphQL schema: %w", err)
	}
	s, err := validator.ValidateSchemaDocument(doc)
	if err != nil {
		return nil, fmt.Errorf("GitHub's GraphQL schema: %w", err)
	}
	return s, nil
}
