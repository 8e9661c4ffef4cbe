// Command genschema writes the sandbox's embedded GraphQL schema from the
// pinned @octokit/graphql-schema package (DXGH_GRAPHQL_SCHEMA, which the
// GNUmakefile sets): run `make graphql-schema-embed`.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/gql"
)

func main() {
	out := flag.String("out", "schema.graphql", "where to write the corrected schema")
	flag.Parse()
	log.SetFlags(0)
	in := os.Getenv("DXGH_GRAPHQL_SCHEMA")
	if in == "" {
		log.Fatal("genschema: DXGH_GRAPHQL_SCHEMA is not set: run `make graphql-schema-embed`, which fetches the pinned package and sets it")
	}
	raw, err := os.ReadFile(in)
	if err != nil {
		log.Fatalf("genschema: %v", err)
	}
	text, corrections, err := gql.Correct(string(raw))
	if err != nil {
		log.Fatalf("genschema: %s: %v", in, err)
	}
	if _, err := gql.LoadSchema(text); err != nil {
		log.Fatalf("genschema: the corrected schema still does not load: %v", err)
	}
	if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
		log.Fatalf("genschema: %v", err)
	}
	for _, c := range corrections {
		fmt.Println("genschema:", c)
	}
}
