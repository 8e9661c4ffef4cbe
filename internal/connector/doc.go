// Package connector holds the GitHub Deployments connector's rules: which
// repositories are in scope, how a connection is verified and which of the
// four error codes a failure gets, how environments are discovered, how
// production deployments are collected, and which pull requests and issues
// the DORA metrics take (dora.go). It calls GitHub only through
// internal/ghclient and knows nothing of Terraform.
package connector
