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

// importSettingsModel is the five import settings: the connection's own
// attributes (embedded in connectionModel), its import_settings output, and
// the data sources' import_settings input, where any attribute left null
// takes the connection's default.
type importSettingsModel struct {
	ImportArchived         types.Bool `tfsdk:"import_archived"`
	ImportPublic           types.Bool `tfsdk:"import_public"`
	ImportForked           types.Bool `tfsdk:"import_forked"`
	ProductionEnvironments types.Set  `tfsdk:"production_environments"`
	IgnoredRepositories    types.Set  `tfsdk:"ignored_repositories"`
}

// importSettingsType is import_settings' type, from the connection's output
// schema. The data sources' input has the same type (a test checks), so
// `import_settings = dxgh_connection.x.import_settings` type-checks.
var importSettingsType = objectType(importSettingsComputedAttributes())

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

// settingsUnknown reports whether any setting is not known until apply.
func (m importSettingsModel) settingsUnknown() bool {
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
	if diags.HasError() || m.settingsUnknown() {
		return connector.Settings{}, false, diags
	}
	s, d := m.settings(ctx)
	diags.Append(d...)
	return s, true, diags
}

// newImportSettingsModel is s as known values, with empty sets for none.
func newImportSettingsModel(s connector.Settings) importSettingsModel {
	return importSettingsModel{
		ImportArchived:         types.BoolValue(s.ImportArchived),
		ImportPublic:           types.BoolValue(s.ImportPublic),
		ImportForked:           types.BoolValue(s.ImportForked),
		ProductionEnvironments: stringSetValue(s.ProductionEnvironments),
		IgnoredRepositories:    stringSetValue(s.IgnoredRepositories),
	}
}

// importSettingsObject is the connection's import_settings output.
func importSettingsObject(ctx context.Context, s connector.Settings) (types.Object, diag.Diagnostics) {
	return types.ObjectValueFrom(ctx, importSettingsType.AttrTypes, newImportSettingsModel(s))
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

// stringSetValue is values as a set: empty, not null, when there are none.
func stringSetValue(values []string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

// stringMapValue is values as a map: empty, not null, when there are none.
func stringMapValue(values map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(values))
	for k, v := range values {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
