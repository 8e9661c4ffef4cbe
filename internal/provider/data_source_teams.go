package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

var _ datasource.DataSourceWithConfigure = (*teamsDataSource)(nil)

// NewTeamsDataSource is the dxgh_teams data source.
func NewTeamsDataSource() datasource.DataSource { return &teamsDataSource{} }

type teamsDataSource struct {
	data *providerData
}

type teamsModel struct {
	ImportSettings types.Object `tfsdk:"import_settings"`
	Slugs          types.Set    `tfsdk:"slugs"`
	Teams          types.List   `tfsdk:"teams"`
}

// teamModel is one entry of `teams`.
type teamModel struct {
	Slug         types.String `tfsdk:"slug"`
	Organization types.String `tfsdk:"organization"`
	Name         types.String `tfsdk:"name"`
	Description  types.String `tfsdk:"description"`
	Privacy      types.String `tfsdk:"privacy"`
	Parent       types.String `tfsdk:"parent"`
	MembersCount types.Int64  `tfsdk:"members_count"`
	Repositories types.List   `tfsdk:"repositories"`
}

var teamType = objectType(teamAttributes())

func (d *teamsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_teams"
}

func (d *teamsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The teams of the organisations the app is installed on, each with the repositories in scope it can access: " +
			"what `teams` and `group_by = \"team\"` of `dxgh_deployments` and `dxgh_dora_metrics` use. Needs the organization permission Members (read).",
		Attributes: map[string]schema.Attribute{
			"import_settings": importSettingsInput(),
			"slugs": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				Description: "Only the teams with these slugs (case-insensitive). A slug that matches no team is an error naming the five closest. " +
					"(The input is `slugs`, not `teams`, because `teams` is the output.)",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"teams": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The teams, sorted by slug, then organisation.",
				NestedObject: schema.NestedAttributeObject{Attributes: teamAttributes()},
			},
		},
	}
}

func teamAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"slug":          computedString("The team's slug, as in `@acme/platform`."),
		"organization":  computedString("The organisation's login."),
		"name":          computedString("The team's name."),
		"description":   computedString("The team's description; null when it has none."),
		"privacy":       computedString("`closed` (visible to every member of the organisation) or `secret`."),
		"parent":        computedString("The parent team's slug; null for a top-level team."),
		"members_count": computedInt64("The team's members, child teams' members included, as GitHub counts them."),
		"repositories": schema.ListAttribute{
			Computed: true, ElementType: types.StringType,
			Description: "The repositories in scope (`owner/name`, sorted) the team can access: those GitHub lists for it and for each of its ancestor teams, " +
				"since a child team inherits its parent's access.",
		},
	}
}

func (d *teamsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *teamsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m teamsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, known, diags := settingsFromObject(ctx, m.ImportSettings)
	resp.Diagnostics.Append(diags...)
	var slugs []string
	resp.Diagnostics.Append(stringSet(ctx, m.Slugs, &slugs)...)
	if resp.Diagnostics.HasError() || !known {
		return
	}
	sc, diags := resolveScope(ctx, d.data, settings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	teams, err := connector.ReadTeams(ctx, d.data.gh, sc, true)
	if err != nil {
		addGitHubError(&resp.Diagnostics, "Reading teams failed", err)
		return
	}
	if len(slugs) > 0 {
		teams, diags = selectTeams(teams, slugs, path.Root("slugs"))
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		teams = connector.SortTeams(teams)
	}
	resp.Diagnostics.Append(m.fill(ctx, teams)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *teamsModel) fill(ctx context.Context, teams []connector.Team) diag.Diagnostics {
	var diags diag.Diagnostics
	out := make([]teamModel, len(teams))
	for i, t := range teams {
		repos, d := types.ListValueFrom(ctx, types.StringType, t.Repositories)
		diags.Append(d...)
		out[i] = teamModel{
			Slug: types.StringValue(t.Slug), Organization: types.StringValue(t.Organization), Name: types.StringValue(t.Name),
			Description: nullIfEmpty(t.Description), Privacy: types.StringValue(t.Privacy), Parent: nullIfEmpty(t.Parent),
			MembersCount: types.Int64Value(int64(t.MembersCount)), Repositories: repos,
		}
	}
	var d diag.Diagnostics
	m.Teams, d = types.ListValueFrom(ctx, teamType, out)
	diags.Append(d...)
	return diags
}

// nullIfEmpty is null for "", GitHub's absent value.
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
