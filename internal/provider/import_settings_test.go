package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

// importSettingsInputValue is an import_settings input object as terraform
// sends it to a data source; members not given are null.
func importSettingsInputValue(members map[string]attr.Value) types.Object {
	attrTypes := objectType(importSettingsInput().Attributes).AttrTypes
	values := make(map[string]attr.Value, len(attrTypes))
	for name, typ := range attrTypes {
		values[name] = nullOf(typ)
	}
	for name, v := range members {
		values[name] = v
	}
	return types.ObjectValueMust(attrTypes, values)
}

func nullOf(typ attr.Type) attr.Value {
	ctx := context.Background()
	v, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	if err != nil {
		panic(err)
	}
	return v
}

// sameSettings compares settings as the connector uses them: no names and
// an empty list of names mean the same.
func sameSettings(a, b connector.Settings) bool {
	return a.ImportArchived == b.ImportArchived && a.ImportPublic == b.ImportPublic && a.ImportForked == b.ImportForked &&
		slices.Equal(a.ProductionEnvironments, b.ProductionEnvironments) && slices.Equal(a.IgnoredRepositories, b.IgnoredRepositories)
}

func stringSetOf(values ...string) types.Set { return stringSetValue(values) }

func TestSettingsFromObject(t *testing.T) {
	tests := []struct {
		name      string
		obj       types.Object
		want      connector.Settings
		wantKnown bool
	}{
		{
			name:      "no import_settings: every default",
			obj:       types.ObjectNull(importSettingsType.AttrTypes),
			wantKnown: true,
		},
		{
			name: "import_settings not known until apply: wait",
			obj:  types.ObjectUnknown(importSettingsType.AttrTypes),
		},
		{
			name: "one member not known until apply: wait",
			obj:  importSettingsInputValue(map[string]attr.Value{"production_environments": types.SetUnknown(types.StringType)}),
		},
		{
			name: "an unknown flag: wait",
			obj:  importSettingsInputValue(map[string]attr.Value{"import_public": types.BoolUnknown(), "import_archived": types.BoolValue(true)}),
		},
		{
			name:      "members left null take the defaults",
			obj:       importSettingsInputValue(map[string]attr.Value{"import_forked": types.BoolValue(true)}),
			want:      connector.Settings{ImportForked: true},
			wantKnown: true,
		},
		{
			name: "every member given, sets sorted",
			obj: importSettingsInputValue(map[string]attr.Value{
				"import_archived":         types.BoolValue(true),
				"import_public":           types.BoolValue(true),
				"import_forked":           types.BoolValue(false),
				"production_environments": stringSetOf("prod", "Live"),
				"ignored_repositories":    stringSetOf("acme/b", "acme/a"),
			}),
			want: connector.Settings{
				ImportArchived: true, ImportPublic: true,
				ProductionEnvironments: []string{"Live", "prod"},
				IgnoredRepositories:    []string{"acme/a", "acme/b"},
			},
			wantKnown: true,
		},
		{
			name:      "empty sets: no production names, nothing ignored",
			obj:       importSettingsInputValue(map[string]attr.Value{"production_environments": stringSetOf(), "ignored_repositories": stringSetOf()}),
			want:      connector.Settings{},
			wantKnown: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known, diags := settingsFromObject(context.Background(), tt.obj)
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if known != tt.wantKnown {
				t.Fatalf("known = %v, want %v", known, tt.wantKnown)
			}
			if !sameSettings(got, tt.want) {
				t.Errorf("settings = %#v, want %#v", got, tt.want)
			}
		})
	}
}

// The connection's import_settings output must have the data sources'
// input type, or `import_settings = dxgh_connection.this.import_settings`
// fails to type-check in the user's configuration.
func TestImportSettingsOutputFitsDataSourceInput(t *testing.T) {
	input := objectType(importSettingsInput().Attributes)
	if !importSettingsType.Equal(input) {
		t.Fatalf("connection output %s, data source input %s", importSettingsType, input)
	}
	out, diags := importSettingsObject(context.Background(), connector.Settings{ImportPublic: true, IgnoredRepositories: []string{"acme/a"}})
	if diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}
	if !out.Type(context.Background()).Equal(input) {
		t.Fatalf("output value's type %s, input %s", out.Type(context.Background()), input)
	}
}

func TestImportSettingsObject(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		settings connector.Settings
		want     map[string]attr.Value
	}{
		{
			name: "defaults: false flags and empty (not null) sets",
			want: map[string]attr.Value{
				"import_archived": types.BoolValue(false), "import_public": types.BoolValue(false), "import_forked": types.BoolValue(false),
				"production_environments": stringSetOf(), "ignored_repositories": stringSetOf(),
			},
		},
		{
			name: "every setting",
			settings: connector.Settings{
				ImportArchived: true, ImportPublic: true, ImportForked: true,
				ProductionEnvironments: []string{"prod"}, IgnoredRepositories: []string{"acme/a", "acme/b"},
			},
			want: map[string]attr.Value{
				"import_archived": types.BoolValue(true), "import_public": types.BoolValue(true), "import_forked": types.BoolValue(true),
				"production_environments": stringSetOf("prod"), "ignored_repositories": stringSetOf("acme/b", "acme/a"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := importSettingsObject(ctx, tt.settings)
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			want := types.ObjectValueMust(importSettingsType.AttrTypes, tt.want)
			if !got.Equal(want) {
				t.Errorf("import_settings = %s, want %s", got, want)
			}
			// What the connection outputs, a data source reads back unchanged.
			back, known, diags := settingsFromObject(ctx, got)
			if diags.HasError() || !known {
				t.Fatalf("reading it back: known %v, %v", known, diags)
			}
			if !sameSettings(back, tt.settings) {
				t.Errorf("read back %#v, want %#v", back, tt.settings)
			}
		})
	}
}
