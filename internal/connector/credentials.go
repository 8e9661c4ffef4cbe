package connector

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// installationsError classifies a failure to list the app's installations,
// the first call made with the app JWT.
func installationsError(gh GitHub, err error) error {
	var apiErr *ghclient.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("listing installations of app %d at %s: %w", gh.AppID, gh.BaseURL, err)
	}
	checked := fmt.Sprintf("Checked %s %s at %s with a JWT for app ID %d signed by the configured private key; GitHub answered %d %q.",
		apiErr.Method, apiErr.Path, gh.BaseURL, gh.AppID, apiErr.StatusCode, apiErr.Message)
	switch {
	case apiErr.StatusCode == 401 || isIntegrationNotFound(apiErr):
		cause, fix := jwtRejection(apiErr.Message)
		return newError(InvalidCredentials, checked+" "+fix+troubleshootHint, "GitHub rejected the app's credentials (%s)", cause)
	case apiErr.StatusCode == 404 && apiErr.InstallationID != 0:
		return newError(InvalidPermissions,
			checked+" The installation ID in installation_ids does not belong to this app: list the app's installations with GET /app/installations and use one of their IDs.",
			"installation %d of app %d not found", apiErr.InstallationID, gh.AppID)
	}
	if apiErr.StatusCode == 0 {
		// GitHub never answered: say the URL base_url became, which is
		// where a GitHub Enterprise Server host name that does not resolve
		// shows (https://HOST/api/v3/…).
		return fmt.Errorf("listing installations of app %d at %s (base_url, normalised): %w",
			gh.AppID, strings.TrimSuffix(gh.BaseURL, "/")+apiErr.Path, err)
	}
	return fmt.Errorf("listing installations of app %d: %w", gh.AppID, err)
}

// TokenRejected is the invalid_credentials error for an installation token
// GitHub refused twice (the client mints a new one after the first 401):
// the installation's tokens cannot be used, which no retry changes. Other
// errors are returned as they are.
func TokenRejected(err error) error {
	var apiErr *ghclient.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.InstallationID == 0 || apiErr.Route == tokenRoute {
		return err
	}
	return newError(InvalidCredentials,
		fmt.Sprintf("%s %s with an installation token of installation %d: GitHub answered 401 %q, and again with a newly minted token. The app's credentials were accepted (the tokens were issued), but GitHub refuses the installation's tokens: check the installation in the account's settings → GitHub Apps (suspended, removed or reinstalled since it was listed), then re-run. Cause: %v",
			apiErr.Method, apiErr.Path, apiErr.InstallationID, apiErr.Message, err),
		"GitHub refused the installation tokens of installation %d", apiErr.InstallationID)
}

const tokenRoute = "POST /app/installations/{installation_id}/access_tokens"

const troubleshootHint = " To reproduce by hand, make a JWT and call GET /app/installations with curl as the provider's troubleshooting guide shows."

func isIntegrationNotFound(e *ghclient.APIError) bool {
	return strings.Contains(strings.ToLower(e.Message), "integration not found")
}

// jwtRejection reads GitHub's message to say which of the usual causes it
// points to: clock skew, an unknown app ID, or a key of another app.
func jwtRejection(message string) (cause, fix string) {
	m := strings.ToLower(message)
	switch {
	case strings.Contains(m, "'exp'") || strings.Contains(m, "'iat'") ||
		strings.Contains(m, "expiration time") || strings.Contains(m, "issued at"):
		return "clock skew", "The JWT's time claims were refused, which means this machine's clock differs from GitHub's: synchronise it (NTP) and try again."
	case strings.Contains(m, "integration not found"):
		return "unknown app ID", "No GitHub App has this ID: copy the App ID from the top of the app's settings page into app_id (DXGH_APP_ID)."
	default:
		return "wrong app ID or key of another app", "The JWT's signature does not verify for this app ID: either app_id is wrong, or the private key belongs to another app or was revoked. Check app_id against the app's settings page and generate a new private key there if needed."
	}
}
