package provider

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/dxgh/terraform-provider-dxgh/internal/safelog"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// addGitHubError reports a connector or GitHub failure. Verification
// failures keep their code as the first word of the summary.
func addGitHubError(diags *diag.Diagnostics, what string, err error) {
	var codeErr *connector.Error
	if errors.As(connector.TokenRejected(err), &codeErr) {
		diags.AddError(codeErr.Summary, codeErr.Detail)
		return
	}
	diags.AddError(what, err.Error())
}

// recoverRead, deferred by a read or the connection's verification, turns
// a panic in it into an error diagnostic naming it (what): the plugin
// process and the rest of the plan survive. Goroutines recover on their
// own (package recovered), their panics arriving here as errors.
func recoverRead(ctx context.Context, diags *diag.Diagnostics, what string) {
	if r := recover(); r != nil {
		err := &recovered.Error{Value: r, Stack: debug.Stack()}
		safelog.Error(ctx, "panic recovered", map[string]any{"read": what, "panic": fmt.Sprint(r)})
		diags.AddError(what+" failed: internal error", err.Error())
	}
}

// productionWarnings warns, on import_settings, about each production environment that matches none of the repositories
// read: a typo there silently selects no deployment. The environment lists
// are those the read just made. The warning is on import_settings, not
// import_settings.production_environments: Terraform shows a path into an
// attribute's value on the whole block instead.
func productionWarnings(ctx context.Context, data *providerData, repos []ghclient.Repository, s connector.Settings) diag.Diagnostics {
	var diags diag.Diagnostics
	ws, err := connector.ProductionWarnings(ctx, data.gh, repos, s)
	if err != nil {
		addGitHubError(&diags, "Reading environments failed", err)
		return diags
	}
	for _, w := range ws {
		diags.AddAttributeWarning(path.Root("import_settings"), w.Summary, w.Detail)
	}
	return diags
}

func addWarnings(diags *diag.Diagnostics, warnings []connector.Warning) {
	for _, w := range warnings {
		if w.Attribute == "" {
			diags.AddWarning(w.Summary, w.Detail)
			continue
		}
		diags.AddAttributeWarning(path.Root(w.Attribute), w.Summary, w.Detail)
	}
}
