// Command genschema writes the sandbox's embedded GraphQL schema from the
// pinned @octokit/graphql-schema package (DXGH_GRAPHQL_SCHEMA, which the
// GNUmakefile sets): run `make graphql-schema-embed`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

func main() {
	out := flag.String("out", "schema.graphql", "where to write the corrected schema")
	flag.Parse()
	if err := run(os.Getenv("DXGH_GRAPHQL_SCHEMA"), *out); err != nil {
		fmt.Fprintln(os.Stderr, "genschema:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	if in == "" {
		return errors.New("DXGH_GRAPHQL_SCHEMA is not set: run `make graphql-schema-embed`, which fetches the pinned package and sets it")
	}
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	text, corrections, err := gql.Correct(string(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if _, err := gql.LoadSchema(text); err != nil {
		return fmt.Errorf("the corrected schema still does not load: %w", err)
	}
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		return err
	}
	for _, c := range corrections {
		fmt.Println("genschema:", c)
	}
	return nil
}
