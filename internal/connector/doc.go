// Package connector holds the GitHub Deployments connector's rules: which
// repositories are in scope, how a connection is verified and which of the
// four error codes a failure gets, how environments are discovered and how
// production deployments are collected. It calls GitHub only through
// internal/ghclient and knows nothing of Terraform.
package connector
