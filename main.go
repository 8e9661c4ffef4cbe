// Command terraform-provider-dxgh is the dxgh Terraform provider: it connects
// to GitHub through a GitHub App and reports deployment environments,
// production deployments and DORA deployment frequency.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dxgh/terraform-provider-dxgh/internal/provider"
)

// Run "go generate" to format example Terraform files and generate the docs
// for the registry and the website.
//go:generate make generate

// version is set at build time by goreleaser (-ldflags "-X main.version=…");
// "dev" marks a local build.
var version = "dev"

func main() {
	var debug bool

	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	opts := providerserver.ServeOpts{
		Address: "registry.terraform.io/dxgh/dxgh",
		Debug:   debug,
	}

	err := providerserver.Serve(context.Background(), provider.New(version), opts)
	if err != nil {
		log.Fatal(err.Error())
	}
}
