package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Create and Update on a resource the provider did not configure (no
// provider data, or a provider whose values are unknown) fail with a clear
// error, as the data sources do, instead of dereferencing the missing client.
func TestConnectionSaveWithoutConfiguredProvider(t *testing.T) {
	ctx := context.Background()
	for name, data := range map[string]*providerData{"no provider data": nil, "provider values unknown": {}} {
		t.Run(name, func(t *testing.T) {
			r := &connectionResource{data: data}
			var sresp resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sresp)
			planned := tfsdk.State{Schema: sresp.Schema}
			m := connectionModel{
				ID: types.StringUnknown(), Name: types.StringValue("c"),
				ImportArchived: types.BoolValue(false), ImportPublic: types.BoolValue(false), ImportForked: types.BoolValue(false),
				ProductionEnvironments: emptyStringSet(), IgnoredRepositories: emptyStringSet(),
			}
			setUnverified(&m)
			if d := planned.Set(ctx, &m); d.HasError() {
				t.Fatal(d)
			}
			plan := tfsdk.Plan{Schema: sresp.Schema, Raw: planned.Raw}
			state := tfsdk.State{Schema: sresp.Schema, Raw: planned.Raw}

			create := &resource.CreateResponse{State: tfsdk.State{Schema: sresp.Schema}}
			update := &resource.UpdateResponse{State: state}
			for op, call := range map[string]func(){
				"Create": func() { r.Create(ctx, resource.CreateRequest{Plan: plan}, create) },
				"Update": func() { r.Update(ctx, resource.UpdateRequest{Plan: plan, State: state}, update) },
			} {
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s panicked: %v", op, p)
						}
					}()
					call()
				}()
			}
			for op, diags := range map[string]string{"Create": summaries(create.Diagnostics), "Update": summaries(update.Diagnostics)} {
				if !strings.Contains(diags, "Provider not configured") {
					t.Errorf("%s diagnostics %q, want \"Provider not configured\"", op, diags)
				}
			}
		})
	}
}

func summaries(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags.Errors() {
		out = append(out, d.Summary())
	}
	return strings.Join(out, "; ")
}
