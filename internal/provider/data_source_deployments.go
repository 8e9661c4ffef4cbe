package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure      = (*deploymentsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*deploymentsDataSource)(nil)
)

// NewDeploymentsDataSource is the dxgh_deployments data source.
func NewDeploymentsDataSource() datasource.DataSource { return &deploymentsDataSource{} }

type deploymentsDataSource struct {
	data *providerData
}

type deploymentsModel struct {
	Since                 timestampWithHint `tfsdk:"since"`
	Until                 timestampWithHint `tfsdk:"until"`
	ImportSettings        types.Object      `tfsdk:"import_settings"`
	Repositories          types.Set         `tfsdk:"repositories"`
	Teams                 types.Set         `tfsdk:"teams"`
	GroupBy               types.String      `tfsdk:"group_by"`
	TimeZone              types.String      `tfsdk:"time_zone"`
	IncludeDeployments    types.Bool        `tfsdk:"include_deployments"`
	Deployments           types.List        `tfsdk:"deployments"`
	TotalCount            types.Int64       `tfsdk:"total_count"`
	SuccessfulCount       types.Int64       `tfsdk:"successful_count"`
	FailedCount           types.Int64       `tfsdk:"failed_count"`
	Frequency             types.Object      `tfsdk:"frequency"`
	ByRepository          types.Map         `tfsdk:"by_repository"`
	ByEnvironment         types.Map         `tfsdk:"by_environment"`
	Daily                 types.List        `tfsdk:"daily"`
	Weekly                types.List        `tfsdk:"weekly"`
	Groups                types.Map         `tfsdk:"groups"`
	UngroupedRepositories types.List        `tfsdk:"ungrouped_repositories"`
}

func (d *deploymentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployments"
}

func (d *deploymentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Production deployments created in a time window, and deployment frequency (DORA) over it.",
		Attributes: map[string]schema.Attribute{
			"since":           sinceAttribute("A deployment is in the window when its `created_at` is in `[since, until)`."),
			"until":           untilAttribute(),
			"import_settings": importSettingsInput(),
			"repositories":    repositoriesInput(),
			"teams":           teamsInput(),
			"group_by":        groupByInput(),
			"time_zone":       timeZoneAttribute("`daily`, `deployment_days`, weeks"),
			"include_deployments": schema.BoolAttribute{
				Optional: true, Computed: true,
				Description: "Whether to list each deployment in `deployments`. Defaults to `true`; set `false` to keep state small for large organisations (the counts and frequency are still computed).",
			},
			"deployments": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The production deployments in the window, newest first (empty when `include_deployments` is false).",
				NestedObject: schema.NestedAttributeObject{Attributes: deploymentAttributes()},
			},
			"total_count":      schema.Int64Attribute{Computed: true, Description: "Production deployments in the window."},
			"successful_count": schema.Int64Attribute{Computed: true, Description: "Of those, how many reached `success` (even if a later status is `inactive` or `failure`)."},
			"failed_count":     schema.Int64Attribute{Computed: true, Description: "Of those, how many have `failure` or `error` as their newest state."},
			"frequency": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Deployment frequency from the successful deployments, bucketed by `created_at` in `time_zone`. See the metric definitions guide.",
				Attributes:  frequencyAttributes(),
			},
			"by_repository":  countsAttribute("Successful deployments per repository (`owner/name`)."),
			"by_environment": countsAttribute("Successful deployments per environment: keyed by the `production_environments` entry matched, or, with the flag fallback, by the environment name (case variants merged under the first spelling in byte order)."),
			"daily": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "Successful deployments for every day of the window in `time_zone`, oldest first, for charts.",
				NestedObject: schema.NestedAttributeObject{Attributes: dayAttributes()},
			},
			"weekly": schema.ListNestedAttribute{
				Computed: true,
				Description: "The consecutive 7-day blocks of `daily`, from `since`'s date in `time_zone`, oldest first: " +
					"`frequency.median_days_per_week` is the median of their `deployment_days`, leaving out the one marked `dropped` " +
					"(a trailing partial block, unless it is the only one), so they show why the window has its `dora_tier`. " +
					"Listed whatever `include_deployments` is.",
				NestedObject: schema.NestedAttributeObject{Attributes: weekAttributes()},
			},
			"groups": schema.MapNestedAttribute{
				Computed:     true,
				Description:  groupsDescription("`total_count`, `successful_count`, `failed_count`, `frequency` and `weekly`"),
				NestedObject: schema.NestedAttributeObject{Attributes: deploymentGroupAttributes()},
			},
			"ungrouped_repositories": ungroupedAttribute(),
		},
	}
}

func (d *deploymentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}
