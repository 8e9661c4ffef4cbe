package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

// addGitHubError reports a connector or GitHub failure. Verification
// failures keep their code as the first word of the summary.
func addGitHubError(diags *diag.Diagnostics, what string, err error) {
	var codeErr *connector.Error
	if errors.As(err, &codeErr) {
		diags.AddError(codeErr.Summary, codeErr.Detail)
		return
	}
	diags.AddError(what, err.Error())
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
