package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

var (
	_ resource.ResourceWithConfigure   = (*connectionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*connectionResource)(nil)
	_ resource.ResourceWithImportState = (*connectionResource)(nil)
)

// NewConnectionResource is the dxgh_connection resource.
func NewConnectionResource() resource.Resource { return &connectionResource{} }

type connectionResource struct {
	data *providerData
}

type connectionModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	importSettingsModel
	Installations   types.List   `tfsdk:"installations"`
	RepositoryCount types.Int64  `tfsdk:"repository_count"`
	Environments    types.Set    `tfsdk:"environments"`
	ImportSettings  types.Object `tfsdk:"import_settings"`
	// The settings' entries that match nothing, for a check or a
	// postcondition to make a typo fatal.
	UnmatchedProductionEnvironments types.Set `tfsdk:"unmatched_production_environments"`
	UnmatchedIgnoredRepositories    types.Set `tfsdk:"unmatched_ignored_repositories"`
}

// installationModel is one entry of `installations`.
type installationModel struct {
	ID                  types.Int64  `tfsdk:"id"`
	Account             types.String `tfsdk:"account"`
	TargetType          types.String `tfsdk:"target_type"`
	RepositorySelection types.String `tfsdk:"repository_selection"`
	Permissions         types.Map    `tfsdk:"permissions"`
}

var installationType = objectType(installationAttributes())

func (r *connectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connection"
}

func emptyStringSet() types.Set { return types.SetValueMust(types.StringType, []attr.Value{}) }

func (r *connectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A GitHub Deployments connection: verifies during `terraform plan` that the provider's GitHub App credentials, " +
			"installations and permissions work and that repositories are in scope, and holds the import settings the data sources use.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The connection's ID, `<app_id>:<name at creation>`. It does not change when the name does.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:    true,
				Description: "The connection's name, e.g. `Acme DX - GitHub Deployments`.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"import_archived": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Import deployments from archived repositories. Defaults to `false`.",
			},
			"import_public": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Import deployments from public repositories (visibility `public`; `internal` counts as private). Defaults to `false`.",
			},
			"import_forked": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Import deployments from forked repositories. Defaults to `false`.",
			},
			"production_environments": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(emptyStringSet()),
				Description: "Environment names that count as production, compared case-insensitively. When empty, a deployment is production " +
					"when GitHub's `production_environment` flag is true. A name that matches no discovered environment is a warning.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"ignored_repositories": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(emptyStringSet()),
				Description: "Repositories, as `owner/name` (case-insensitive), excluded from every import. An entry that matches no repository is a warning.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(repositoryName, "must be a repository as owner/name"))},
			},
			"installations": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The app's installations in use, sorted by ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: installationAttributes()},
			},
			"repository_count": schema.Int64Attribute{
				Computed:    true,
				Description: "How many repositories are in scope after the settings.",
			},
			"environments": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The environment names discovered in the repositories in scope; names differing only in case are one, spelled as most repositories spell it.",
			},
			"unmatched_production_environments": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The `production_environments` names that match no environment discovered in the repositories in scope (empty when all match), " +
					"known at plan. A `lifecycle` postcondition or a `check` on it turns a typo from a warning into a failure.",
			},
			"unmatched_ignored_repositories": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The `ignored_repositories` entries that match no repository the installations can access (empty when all match), " +
					"known at plan, for a postcondition or a `check` as `unmatched_production_environments`.",
			},
			"import_settings": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "The five import settings as one object, to pass to the data sources: `import_settings = dxgh_connection.this.import_settings`.",
				Attributes:  importSettingsComputedAttributes(),
			},
		},
	}
}

func installationAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                   schema.Int64Attribute{Computed: true, Description: "The installation ID."},
		"account":              schema.StringAttribute{Computed: true, Description: "The login of the organisation or user the app is installed on."},
		"target_type":          schema.StringAttribute{Computed: true, Description: "`Organization` or `User`."},
		"repository_selection": schema.StringAttribute{Computed: true, Description: "`all` or `selected`."},
		"permissions":          schema.MapAttribute{Computed: true, ElementType: types.StringType, Description: "The installation's permissions, e.g. `deployments = \"read\"`."},
	}
}

func importSettingsComputedAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"import_archived":         schema.BoolAttribute{Computed: true, Description: "As the connection's `import_archived`."},
		"import_public":           schema.BoolAttribute{Computed: true, Description: "As the connection's `import_public`."},
		"import_forked":           schema.BoolAttribute{Computed: true, Description: "As the connection's `import_forked`."},
		"production_environments": schema.SetAttribute{Computed: true, ElementType: types.StringType, Description: "As the connection's `production_environments`."},
		"ignored_repositories":    schema.SetAttribute{Computed: true, ElementType: types.StringType, Description: "As the connection's `ignored_repositories`."},
	}
}

func (r *connectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", req.ProviderData))
		return
	}
	r.data = data
}

// ImportState takes `<app_id>:<name>`; the import settings start at their
// defaults and the next apply sets them from configuration in place.
func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	appID, name, ok := strings.Cut(req.ID, ":")
	if _, err := strconv.ParseInt(appID, 10, 64); !ok || err != nil || name == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected `<app_id>:<name>`, e.g. `12345:Acme DX - GitHub Deployments`, got %q.", req.ID))
		return
	}
	if r.data != nil && r.data.ready && strconv.FormatInt(r.data.gh.AppID, 10) != appID {
		resp.Diagnostics.AddError("Import ID names another app",
			fmt.Sprintf("The import ID is for app %s but the provider is configured with app %d.", appID, r.data.gh.AppID))
		return
	}
	m := connectionModel{
		ID: types.StringValue(req.ID), Name: types.StringValue(name),
		importSettingsModel: newImportSettingsModel(connector.Settings{}),
	}
	setUnverified(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// setUnverified fills computed values that only verification can know with
// nulls, for a state that has not been verified yet.
func setUnverified(m *connectionModel) {
	m.Installations = types.ListNull(installationType)
	m.RepositoryCount = types.Int64Null()
	m.Environments = types.SetNull(types.StringType)
	m.ImportSettings = types.ObjectNull(importSettingsType.AttrTypes)
	m.UnmatchedProductionEnvironments = types.SetNull(types.StringType)
	m.UnmatchedIgnoredRepositories = types.SetNull(types.StringType)
}
