package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

// ModifyPlan verifies the connection during plan, so `terraform plan` says
// at once whether it works, and plans the verified values. It does nothing
// on destroy, and defers to apply while provider or setting values are
// unknown.
func (r *connectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer recoverRead(ctx, &resp.Diagnostics, "Verifying dxgh_connection (plan)")
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.settingsUnknown() {
		return
	}
	settings, diags := plan.settings(ctx)
	resp.Diagnostics.Append(diags...)
	plan.ImportSettings, diags = importSettingsObject(ctx, settings)
	resp.Diagnostics.Append(diags...)
	if r.data != nil && r.data.ready {
		resp.Diagnostics.Append(r.verify(ctx, settings, &plan)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.save(ctx, req.Plan, &resp.State, &resp.Diagnostics, true)
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.save(ctx, req.Plan, &resp.State, &resp.Diagnostics, false)
}

// save verifies the planned connection and stores it; a new one gets its ID.
func (r *connectionResource) save(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, create bool) {
	defer recoverRead(ctx, diags, "Verifying dxgh_connection (apply)")
	if r.data == nil || !r.data.ready { // as Read: never a nil dereference
		diags.AddError("Provider not configured", "The dxgh provider's configuration is not known yet; the connection cannot be verified or saved.")
		return
	}
	var m connectionModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	if create {
		m.ID = types.StringValue(strconv.FormatInt(r.data.gh.AppID, 10) + ":" + m.Name.ValueString())
	}
	r.apply(ctx, &m, diags)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
}

// Read re-verifies, so a revoked installation or a lost permission
// surfaces on refresh with its code.
func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer recoverRead(ctx, &resp.Diagnostics, "Verifying dxgh_connection (refresh)")
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data == nil || !r.data.ready {
		return
	}
	r.apply(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the connection: nothing exists on GitHub's side.
func (r *connectionResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *connectionResource) apply(ctx context.Context, m *connectionModel, diags *diag.Diagnostics) {
	settings, d := m.settings(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	m.ImportSettings, d = importSettingsObject(ctx, settings)
	diags.Append(d...)
	diags.Append(r.verify(ctx, settings, m)...)
}

// verify runs the connector's verification and writes its results into m.
func (r *connectionResource) verify(ctx context.Context, settings connector.Settings, m *connectionModel) diag.Diagnostics {
	var diags diag.Diagnostics
	v, err := connector.Verify(ctx, r.data.gh, settings)
	if err != nil {
		addGitHubError(&diags, "Verifying the GitHub connection failed", err)
		return diags
	}
	addWarnings(&diags, v.Warnings)

	diags.Append(m.fillVerified(ctx, v)...)
	return diags
}

// fillVerified sets the outputs that only verification can know.
func (m *connectionModel) fillVerified(ctx context.Context, v *connector.Verification) diag.Diagnostics {
	installs := make([]installationModel, len(v.Installations))
	for i, inst := range v.Installations {
		installs[i] = installationModel{
			ID:                  types.Int64Value(inst.ID),
			Account:             types.StringValue(inst.Account.Login),
			TargetType:          types.StringValue(targetType(inst.TargetType, inst.Account.Type)),
			RepositorySelection: types.StringValue(inst.RepositorySelection),
			Permissions:         stringMapValue(inst.Permissions),
		}
	}
	var diags diag.Diagnostics
	m.Installations, diags = types.ListValueFrom(ctx, installationType, installs)
	m.RepositoryCount = types.Int64Value(int64(len(v.Repositories)))
	names := make([]string, len(v.Environments))
	for i, g := range v.Environments {
		names[i] = g.Name
	}
	m.Environments = stringSetValue(names)
	m.UnmatchedProductionEnvironments = stringSetValue(v.UnmatchedProduction)
	m.UnmatchedIgnoredRepositories = stringSetValue(v.UnmatchedIgnored)
	return diags
}

func targetType(target, accountType string) string {
	if target != "" {
		return target
	}
	return accountType
}
