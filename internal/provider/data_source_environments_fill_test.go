package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
)

func environmentEntry(name string, production bool, repos ...string) map[string]attr.Value {
	return map[string]attr.Value{"name": str(name), "repositories": stringSetValue(repos), "production": types.BoolValue(production)}
}

func TestFillEnvironments(t *testing.T) {
	groups := []connector.EnvironmentGroup{
		{Name: "Production", Spellings: []string{"Production", "production"}, Repositories: []string{"acme/api", "acme/web"}},
		{Name: "staging", Spellings: []string{"staging"}, Repositories: []string{"acme/web"}},
	}
	tests := []struct {
		name      string
		groups    []connector.EnvironmentGroup
		settings  connector.Settings
		wantEnvs  []map[string]attr.Value
		wantNames types.Set
	}{
		{
			name:   "flag fallback: no environment is named production",
			groups: groups,
			wantEnvs: []map[string]attr.Value{
				environmentEntry("Production", false, "acme/api", "acme/web"),
				environmentEntry("staging", false, "acme/web"),
			},
			wantNames: stringSetOf("Production", "staging"),
		},
		{
			name:   "production_environments match names case-insensitively",
			groups: groups, settings: connector.Settings{ProductionEnvironments: []string{"PRODUCTION"}},
			wantEnvs: []map[string]attr.Value{
				environmentEntry("Production", true, "acme/api", "acme/web"),
				environmentEntry("staging", false, "acme/web"),
			},
			wantNames: stringSetOf("Production", "staging"),
		},
		{
			name:      "no environments: an empty list and an empty set",
			wantEnvs:  []map[string]attr.Value{},
			wantNames: stringSetOf(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m environmentsModel
			if diags := m.fill(context.Background(), tt.groups, tt.settings); diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if got := entries(t, m.Environments); !reflect.DeepEqual(got, tt.wantEnvs) {
				t.Errorf("environments:\n got %v\nwant %v", got, tt.wantEnvs)
			}
			if !m.Names.Equal(tt.wantNames) {
				t.Errorf("names = %s, want %s", m.Names, tt.wantNames)
			}
		})
	}
}
