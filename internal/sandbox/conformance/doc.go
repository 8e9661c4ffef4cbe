// Package conformance checks that the sandbox answers like GitHub: every
// response of the endpoints the provider uses is validated against GitHub's
// published OpenAPI description (npm package @octokit/openapi, file
// generated/api.github.com.json).
//
// The tests need the spec; `make conformance` fetches it and passes its path
// in DXGH_OPENAPI_SPEC. Without it they skip locally and fail when CI=true.
//
// A response conforms when its status code is documented for the operation
// and its body matches that response's schema: types, required properties,
// nullability, enums and date-time formats. GitHub's description omits the
// 401, 403 and 404 errors that any endpoint can return, so for those statuses
// an operation that does not list them is held to the description's own
// shared responses (requires_authentication, forbidden, not_found).
//
// The description is used as published, with one correction: an installation
// account written as "allOf" a user and an enterprise is read as "anyOf"
// (see correctUnions). TestGitHubsOwnExamplesConform holds the validator to
// GitHub's own example responses, so a failure against the sandbox is the
// sandbox's; the one example that is stale against its own schema (the pull
// request list's teams lack the type the team schema now requires) is let
// pass for that problem alone.
package conformance
