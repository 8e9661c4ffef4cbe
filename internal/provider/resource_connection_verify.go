package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

var installationObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id":                   types.Int64Type,
	"account":              types.StringType,
	"target_type":          types.StringType,
	"repository_selection": types.StringType,
	"permissions":          types.MapType{ElemType: types.StringType},
}}

// ModifyPlan verifies the connection during plan, so `terraform plan` says
// at once whether it works, and plans the verified values. It does nothing
// on destroy, and defers to apply while provider or setting values are
// unknown.
func (r *connectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.importSettings().isUnknown() {
		return
	}
	settings, diags := plan.importSettings().settings(ctx)
	resp.Diagnostics.Append(diags...)
	plan.ImportSettings = importSettingsObject(settings)
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
	settings, d := m.importSettings().settings(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	m.ImportSettings = importSettingsObject(settings)
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

	installs := make([]attr.Value, len(v.Installations))
	for i, inst := range v.Installations {
		perms := make(map[string]attr.Value, len(inst.Permissions))
		for k, lvl := range inst.Permissions {
			perms[k] = types.StringValue(lvl)
		}
		installs[i] = types.ObjectValueMust(installationObjectType.AttrTypes, map[string]attr.Value{
			"id":                   types.Int64Value(inst.ID),
			"account":              types.StringValue(inst.Account.Login),
			"target_type":          types.StringValue(targetType(inst.TargetType, inst.Account.Type)),
			"repository_selection": types.StringValue(inst.RepositorySelection),
			"permissions":          types.MapValueMust(types.StringType, perms),
		})
	}
	m.Installations = types.ListValueMust(installationObjectType, installs)
	m.RepositoryCount = types.Int64Value(int64(len(v.Repositories)))
	names := make([]string, len(v.Environments))
	for i, g := range v.Environments {
		names[i] = g.Name
	}
	m.Environments = stringSetValue(names)
	return diags
}

func targetType(target, accountType string) string {
	if target != "" {
		return target
	}
	return accountType
}
