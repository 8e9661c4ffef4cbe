package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure      = (*doraMetricsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*doraMetricsDataSource)(nil)
)

// NewDORAMetricsDataSource is the dxgh_dora_metrics data source.
func NewDORAMetricsDataSource() datasource.DataSource { return &doraMetricsDataSource{} }

type doraMetricsDataSource struct {
	data *providerData
}

type doraMetricsModel struct {
	Since                 timestampWithHint `tfsdk:"since"`
	Until                 timestampWithHint `tfsdk:"until"`
	ImportSettings        types.Object      `tfsdk:"import_settings"`
	Repositories          types.Set         `tfsdk:"repositories"`
	Teams                 types.Set         `tfsdk:"teams"`
	GroupBy               types.String      `tfsdk:"group_by"`
	TimeZone              types.String      `tfsdk:"time_zone"`
	IncidentLabels        types.Set         `tfsdk:"incident_labels"`
	IncludeBots           types.Bool        `tfsdk:"include_bots"`
	IncludeDetails        types.Bool        `tfsdk:"include_details"`
	DeploymentFrequency   types.Object      `tfsdk:"deployment_frequency"`
	LeadTime              types.Object      `tfsdk:"lead_time"`
	ChangeFailureRate     types.Object      `tfsdk:"change_failure_rate"`
	RecoveryTime          types.Object      `tfsdk:"recovery_time"`
	ReworkRate            types.Object      `tfsdk:"rework_rate"`
	Changes               types.List        `tfsdk:"changes"`
	Failures              types.List        `tfsdk:"failures"`
	Groups                types.Map         `tfsdk:"groups"`
	UngroupedRepositories types.List        `tfsdk:"ungrouped_repositories"`
}

// defaultIncidentLabel is incident_labels' default.
const defaultIncidentLabel = "incident"

func (d *doraMetricsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dora_metrics"
}

func (d *doraMetricsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The four DORA keys (deployment frequency, change lead time, change failure rate, failed deployment recovery time) and rework rate over a time window, " +
			"from production deployments, merged pull requests and incident issues.",
		Attributes: map[string]schema.Attribute{
			"since": sinceAttribute("Deployments are in the window by `created_at`, changes by `merged_at`, incidents by the issue's `created_at`, each in `[since, until)`."),
			"until": untilAttribute(),

			"import_settings": importSettingsInput(),
			"repositories":    repositoriesInput(),
			"teams":           teamsInput(),
			"group_by":        groupByInput(),
			"time_zone":       timeZoneAttribute("`deployment_frequency`'s `deployment_days` and weeks"),
			"incident_labels": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType,
				Description: "An issue (not a pull request) carrying any of these labels, matched case-insensitively, is an incident. " +
					"Defaults to `[\"incident\"]`; an empty set means no issue is an incident.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(labelName, "must be a label name: not empty, without leading or trailing spaces"))},
			},
			"include_bots": schema.BoolAttribute{
				Optional: true, Computed: true,
				Description: "Whether pull requests authored by a bot (user type `Bot`, never judged by the login) are changes. Defaults to `false`.",
			},
			"include_details": schema.BoolAttribute{
				Optional: true, Computed: true,
				Description: "Whether to list each change in `changes` and each failure in `failures`. Defaults to `false`, which keeps state small (the metrics are computed either way).",
			},
			"deployment_frequency": schema.SingleNestedAttribute{
				Computed: true,
				Description: "Deployment frequency: exactly `dxgh_deployments`' `frequency` for the same inputs, from the successful production deployments, " +
					"bucketed by `created_at` in `time_zone`.",
				Attributes: frequencyAttributes(),
			},
			"lead_time": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Change lead time over the window's changes: pull requests merged into a repository in scope, `merged_at` in the window.",
				Attributes:  leadTimeAttributes(),
			},
			"change_failure_rate": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "The share of the window's successful production deployments that failed in production: an incident is attributed to it, or it was rolled back.",
				Attributes:  changeFailureRateAttributes(),
			},
			"recovery_time": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Failed deployment recovery time: one failure per incident, and one per rollback not also attributed an incident.",
				Attributes:  recoveryTimeAttributes(),
			},
			"rework_rate": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "The share of the window's successful production deployments that were rework: the next successful production deployment of its stream after one that failed in production.",
				Attributes:  reworkRateAttributes(),
			},
			"changes": schema.ListNestedAttribute{
				Computed: true,
				Description: "Each change, newest merge first (ties: repository ascending, then number descending). " +
					"Empty unless `include_details` is true.",
				NestedObject: schema.NestedAttributeObject{Attributes: changeAttributes()},
			},
			"failures": schema.ListNestedAttribute{
				Computed: true,
				Description: "Each `recovery_time` failure, newest `started_at` first (ties: repository ascending, `incident` before `rollback`, " +
					"then issue number or deployment ID descending). Empty unless `include_details` is true.",
				NestedObject: schema.NestedAttributeObject{Attributes: failureAttributes()},
			},
			"groups": schema.MapNestedAttribute{
				Computed:     true,
				Description:  groupsDescription("the five keys (`deployment_frequency`, `lead_time`, `change_failure_rate`, `recovery_time`, `rework_rate`)"),
				NestedObject: schema.NestedAttributeObject{Attributes: doraGroupAttributes()},
			},
			"ungrouped_repositories": ungroupedAttribute(),
		},
	}
}

func (d *doraMetricsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}
