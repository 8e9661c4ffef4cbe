package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
)

// doraGroupAttributes are one value of dxgh_dora_metrics' `groups`: the
// five keys, as the data source gives them for the whole read.
func doraGroupAttributes() map[string]schema.Attribute {
	nested := func(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{Computed: true, Description: desc + " over the group, as the data source's own.", Attributes: attrs}
	}
	return map[string]schema.Attribute{
		"deployment_frequency": nested("Deployment frequency", frequencyAttributes()),
		"lead_time":            nested("Change lead time", leadTimeAttributes()),
		"change_failure_rate":  nested("Change failure rate", changeFailureRateAttributes()),
		"recovery_time":        nested("Failed deployment recovery time", recoveryTimeAttributes()),
		"rework_rate":          nested("Rework rate", reworkRateAttributes()),
	}
}

var doraGroupType = objectType(doraGroupAttributes())

// fillGroups sets groups and ungrouped_repositories, each group computed
// from the read's data of its repositories: null without group_by.
func (m *doraMetricsModel) fillGroups(ctx context.Context, whole metrics.DORAInput, groups *connector.Groups) diag.Diagnostics {
	if groups == nil {
		m.Groups = types.MapNull(doraGroupType)
		m.UngroupedRepositories = types.ListNull(types.StringType)
		return nil
	}
	var diags, d diag.Diagnostics
	// Each group takes its repositories' part of the whole read's input.
	out := make(map[string]doraKeysModel, len(groups.Members))
	for key, repos := range groups.Members {
		out[key], d = doraKeysValue(ctx, metrics.ComputeDORA(whole.Only(repos)))
		diags.Append(d...)
	}
	m.Groups, d = types.MapValueFrom(ctx, doraGroupType, out)
	diags.Append(d...)
	m.UngroupedRepositories, d = types.ListValueFrom(ctx, types.StringType, groups.Ungrouped)
	diags.Append(d...)
	return diags
}
