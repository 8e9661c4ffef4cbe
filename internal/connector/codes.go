package connector

import "fmt"

// Code is one of the connector's four verification error codes.
type Code string

const (
	// PrivateKeyNeeded: the key is not an RSA private key (checked offline).
	PrivateKeyNeeded Code = "private_key_needed"
	// InvalidCredentials: GitHub rejects the app JWT.
	InvalidCredentials Code = "invalid_credentials"
	// InvalidPermissions: an installation lacks a required read permission,
	// or the app is installed nowhere.
	InvalidPermissions Code = "invalid_permissions"
	// NoResources: no repository is in scope after the settings.
	NoResources Code = "no_resources"
)

// Error is a verification failure. Summary starts with the code, as the
// design requires of every diagnostic that reports one; Detail says what was
// checked and how to fix it.
type Error struct {
	Code    Code
	Summary string
	Detail  string
}

func (e *Error) Error() string { return e.Summary + ": " + e.Detail }

func newError(code Code, detail string, summary string, args ...any) *Error {
	return &Error{Code: code, Summary: string(code) + ": " + fmt.Sprintf(summary, args...), Detail: detail}
}
