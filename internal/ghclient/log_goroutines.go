package ghclient

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ownLog gives ctx logger options of its own, for a goroutine to log with.
// tflog masks each log line's field values in place, in the field map of
// the context it logs with (hashicorp/terraform-plugin-log#246): two
// goroutines logging with one masked context write one map at once, and
// the runtime stops the process with "fatal error: concurrent map writes",
// which no recover catches, so Terraform reports the plugin crashed. Every
// goroutine the client starts therefore logs with a context made by ownLog,
// before it starts (the copy reads the map it copies). tflog copies the
// options on any change; masking no more strings changes nothing else.
func ownLog(ctx context.Context) context.Context {
	return tflog.MaskMessageStrings(ctx)
}
