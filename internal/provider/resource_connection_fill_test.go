package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

func TestFillVerified(t *testing.T) {
	v := &connector.Verification{
		Scope: &connector.Scope{
			Installations: []ghclient.Installation{
				{ID: 11001, Account: ghclient.Account{Login: "acme", Type: "Organization"}, TargetType: "Organization",
					RepositorySelection: "all", Permissions: map[string]string{"deployments": "read", "metadata": "read"}},
				// GitHub left target_type out: the account's type stands in.
				{ID: 11002, Account: ghclient.Account{Login: "octo", Type: "User"}, RepositorySelection: "selected"},
			},
			Repositories: []ghclient.Repository{{FullName: "acme/api"}, {FullName: "acme/web"}, {FullName: "octo/dots"}},
		},
		Environments: []connector.EnvironmentGroup{{Name: "Production"}, {Name: "staging"}},
	}
	var m connectionModel
	if diags := m.fillVerified(context.Background(), v); diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := []map[string]attr.Value{
		{"id": types.Int64Value(11001), "account": str("acme"), "target_type": str("Organization"), "repository_selection": str("all"),
			"permissions": types.MapValueMust(types.StringType, map[string]attr.Value{"deployments": str("read"), "metadata": str("read")})},
		{"id": types.Int64Value(11002), "account": str("octo"), "target_type": str("User"), "repository_selection": str("selected"),
			"permissions": types.MapValueMust(types.StringType, map[string]attr.Value{})},
	}
	if got := entries(t, m.Installations); !reflect.DeepEqual(got, want) {
		t.Errorf("installations:\n got %v\nwant %v", got, want)
	}
	if m.RepositoryCount.ValueInt64() != 3 {
		t.Errorf("repository_count = %s, want 3", m.RepositoryCount)
	}
	if want := stringSetOf("Production", "staging"); !m.Environments.Equal(want) {
		t.Errorf("environments = %s, want %s", m.Environments, want)
	}
}
