package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

var _ datasource.DataSourceWithConfigure = (*environmentsDataSource)(nil)

// NewEnvironmentsDataSource is the dxgh_environments data source.
func NewEnvironmentsDataSource() datasource.DataSource { return &environmentsDataSource{} }

type environmentsDataSource struct {
	data *providerData
}

type environmentsModel struct {
	ImportSettings types.Object `tfsdk:"import_settings"`
	Repositories   types.Set    `tfsdk:"repositories"`
	Environments   types.List   `tfsdk:"environments"`
	Names          types.Set    `tfsdk:"names"`
}

// environmentModel is one entry of `environments`.
type environmentModel struct {
	Name         types.String `tfsdk:"name"`
	Repositories types.Set    `tfsdk:"repositories"`
	Production   types.Bool   `tfsdk:"production"`
}

var environmentType = objectType(environmentAttributes())

func (d *environmentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_environments"
}

func (d *environmentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Every deployment environment of the repositories in scope, across repositories: what to choose `production_environments` from.",
		Attributes: map[string]schema.Attribute{
			"import_settings": importSettingsInput(),
			"repositories":    repositoriesInput(),
			"environments": schema.ListNestedAttribute{
				Computed: true,
				Description: "The environments, sorted by name (case-insensitively). GitHub compares environment names case-insensitively, so names that differ " +
					"only in case are one environment, spelled as most of its repositories spell it (ties: the first in byte order, so `Production` before `production`).",
				NestedObject: schema.NestedAttributeObject{Attributes: environmentAttributes()},
			},
			"names": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The environments' names.",
			},
		},
	}
}

func environmentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name":         schema.StringAttribute{Computed: true, Description: "The environment's name."},
		"repositories": schema.SetAttribute{Computed: true, ElementType: types.StringType, Description: "The repositories (`owner/name`) that have it."},
		"production":   schema.BoolAttribute{Computed: true, Description: "Whether it is named in `import_settings.production_environments`."},
	}
}

func (d *environmentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *environmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer recoverRead(ctx, &resp.Diagnostics, "Reading dxgh_environments")
	var m environmentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, known, diags := settingsFromObject(ctx, m.ImportSettings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !known {
		return
	}
	repos, diags := resolveRepositories(ctx, d.data, settings, m.Repositories)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	groups, err := connector.DiscoverEnvironments(ctx, d.data.gh, repos)
	if err != nil {
		addGitHubError(&resp.Diagnostics, "Reading environments failed", err)
		return
	}
	resp.Diagnostics.Append(productionWarnings(ctx, d.data, repos, settings)...)
	resp.Diagnostics.Append(m.fill(ctx, groups, settings)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill sets the outputs from the discovered environments.
func (m *environmentsModel) fill(ctx context.Context, groups []connector.EnvironmentGroup, s connector.Settings) diag.Diagnostics {
	envs := make([]environmentModel, len(groups))
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
		envs[i] = environmentModel{
			Name:         types.StringValue(g.Name),
			Repositories: stringSetValue(g.Repositories),
			Production:   types.BoolValue(s.IsProductionName(g.Name)),
		}
	}
	var diags diag.Diagnostics
	m.Environments, diags = types.ListValueFrom(ctx, environmentType, envs)
	m.Names = stringSetValue(names)
	return diags
}
