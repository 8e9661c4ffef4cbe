package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// deploymentGroupModel is one value of dxgh_deployments' `groups`: the
// whole read's counts, frequency and weekly blocks, over the group.
type deploymentGroupModel struct {
	TotalCount      types.Int64  `tfsdk:"total_count"`
	SuccessfulCount types.Int64  `tfsdk:"successful_count"`
	FailedCount     types.Int64  `tfsdk:"failed_count"`
	Frequency       types.Object `tfsdk:"frequency"`
	Weekly          types.List   `tfsdk:"weekly"`
}

func deploymentGroupAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"total_count":      computedInt64("Production deployments in the window in the group's repositories."),
		"successful_count": computedInt64("Of those, how many reached `success`."),
		"failed_count":     computedInt64("Of those, how many have `failure` or `error` as their newest state."),
		"frequency":        schema.SingleNestedAttribute{Computed: true, Description: "Deployment frequency over the group, as `frequency`.", Attributes: frequencyAttributes()},
		"weekly": schema.ListNestedAttribute{
			Computed: true, Description: "The 7-day blocks behind the group's `median_days_per_week`, as `weekly`.",
			NestedObject: schema.NestedAttributeObject{Attributes: weekAttributes()},
		},
	}
}

var deploymentGroupType = objectType(deploymentGroupAttributes())

// fillGroups sets groups and ungrouped_repositories: null without group_by.
func (m *deploymentsModel) fillGroups(ctx context.Context, w metrics.Window, whole []metrics.Deployment, groups *connector.Groups) diag.Diagnostics {
	if groups == nil {
		m.Groups = types.MapNull(deploymentGroupType)
		m.UngroupedRepositories = types.ListNull(types.StringType)
		return nil
	}
	var diags, d diag.Diagnostics
	out := make(map[string]deploymentGroupModel, len(groups.Members))
	for key, repos := range groups.Members {
		sum := metrics.Summarize(w, metrics.OnlyRepositories(whole, repos))
		g := deploymentGroupModel{
			TotalCount:      types.Int64Value(int64(sum.TotalCount)),
			SuccessfulCount: types.Int64Value(int64(sum.SuccessfulCount)),
			FailedCount:     types.Int64Value(int64(sum.FailedCount)),
		}
		g.Frequency, d = frequencyValue(ctx, sum.Frequency)
		diags.Append(d...)
		g.Weekly, d = weeklyValue(ctx, sum.Weekly)
		diags.Append(d...)
		out[key] = g
	}
	m.Groups, d = types.MapValueFrom(ctx, deploymentGroupType, out)
	diags.Append(d...)
	m.UngroupedRepositories, d = types.ListValueFrom(ctx, types.StringType, groups.Ungrouped)
	diags.Append(d...)
	return diags
}

func metricsDeployments(found []connector.ProductionDeployment) []metrics.Deployment {
	deps := make([]metrics.Deployment, len(found))
	for i, f := range found {
		deps[i] = metricsDeployment(f)
	}
	return deps
}
