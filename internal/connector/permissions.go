package connector

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// RequiredPermissions are the read permissions the connector needs on every
// installation (connector documentation, "Setup instructions", step 2).
var RequiredPermissions = []string{"actions", "deployments", "issues", "metadata", "pull_requests", "members"}

// missingPermissions lists the required permissions an installation lacks;
// write and admin include read.
func missingPermissions(inst ghclient.Installation) []string {
	var missing []string
	for _, p := range RequiredPermissions {
		switch inst.Permissions[p] {
		case "read", "write", "admin":
		default:
			missing = append(missing, p)
		}
	}
	return missing
}

func describeInstallation(inst ghclient.Installation) string {
	kind := inst.TargetType
	if kind == "" {
		kind = inst.Account.Type
	}
	return fmt.Sprintf("installation %d on %s %q", inst.ID, strings.ToLower(kind), inst.Account.Login)
}

func formatPermissions(perms map[string]string) string {
	if len(perms) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(perms))
	for k := range perms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + perms[k]
	}
	return strings.Join(parts, ", ")
}
