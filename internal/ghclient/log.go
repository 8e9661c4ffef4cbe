package ghclient

import (
	"context"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"
)

// logContext adds the app's ID to every log line of a call. The client logs
// through safelog only, which masks secrets itself: no tflog masking option
// is set on a context the request goroutines share (safelog's package
// comment says why).
func (c *Client) logContext(ctx context.Context) context.Context {
	return safelog.WithField(ctx, "github_app_id", c.appID)
}
