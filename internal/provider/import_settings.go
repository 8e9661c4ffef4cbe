package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

// importSettingsAttrTypes is the shape of import_settings, shared by the
// connection (as output) and the data sources (as input), so that
// `import_settings = dxgh_connection.x.import_settings` type-checks.
var importSettingsAttrTypes = map[string]attr.Type{
	"import_archived":         types.BoolType,
	"import_public":           types.BoolType,
	"import_forked":           types.BoolType,
	"production_environments": types.SetType{ElemType: types.StringType},
	"ignored_repositories":    types.SetType{ElemType: types.StringType},
}

// importSettingsModel is import_settings as the data sources read it; any
// attribute left null takes the connection's default.
type importSettingsModel struct {
	ImportArchived         types.Bool `tfsdk:"import_archived"`
	ImportPublic           types.Bool `tfsdk:"import_public"`
	ImportForked           types.Bool `tfsdk:"import_forked"`
	ProductionEnvironments types.Set  `tfsdk:"production_environments"`
	IgnoredRepositories    types.Set  `tfsdk:"ignored_repositories"`
}

func (m importSettingsModel) settings(ctx context.Context) (connector.Settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := connector.Settings{
		ImportArchived: m.ImportArchived.ValueBool(),
		ImportPublic:   m.ImportPublic.ValueBool(),
		ImportForked:   m.ImportForked.ValueBool(),
	}
	diags.Append(stringSet(ctx, m.ProductionEnvironments, &s.ProductionEnvironments)...)
	diags.Append(stringSet(ctx, m.IgnoredRepositories, &s.IgnoredRepositories)...)
	return s, diags
}

func (m importSettingsModel) isUnknown() bool {
	return anyUnknown(m.ImportArchived, m.ImportPublic, m.ImportForked, m.ProductionEnvironments, m.IgnoredRepositories)
}

// settingsFromObject reads an optional import_settings object; null means
// every default.
func settingsFromObject(ctx context.Context, obj types.Object) (connector.Settings, bool, diag.Diagnostics) {
	if obj.IsNull() {
		return connector.Settings{}, true, nil
	}
	if obj.IsUnknown() {
		return connector.Settings{}, false, nil
	}
	var m importSettingsModel
	diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{})
	if diags.HasError() || m.isUnknown() {
		return connector.Settings{}, false, diags
	}
	s, d := m.settings(ctx)
	diags.Append(d...)
	return s, true, diags
}

func importSettingsObject(s connector.Settings) types.Object {
	return types.ObjectValueMust(importSettingsAttrTypes, map[string]attr.Value{
		"import_archived":         types.BoolValue(s.ImportArchived),
		"import_public":           types.BoolValue(s.ImportPublic),
		"import_forked":           types.BoolValue(s.ImportForked),
		"production_environments": stringSetValue(s.ProductionEnvironments),
		"ignored_repositories":    stringSetValue(s.IgnoredRepositories),
	})
}

func stringSet(ctx context.Context, set types.Set, out *[]string) diag.Diagnostics {
	if set.IsNull() || set.IsUnknown() {
		*out = nil
		return nil
	}
	diags := set.ElementsAs(ctx, out, false)
	sort.Strings(*out)
	return diags
}

func stringSetValue(values []string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}
