package bench

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dxgh/terraform-provider-dxgh/internal/provider"
)

// session drives the provider in process through the plugin protocol, as
// Terraform core does over gRPC: the same schemas, validation, plan
// modification, state encoding and shared client as a `terraform plan`,
// without the gRPC hop and core's own work, which the provider does not own.
type session struct {
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newSession(ctx context.Context, rt http.RoundTripper) (*session, error) {
	server, err := providerserver.NewProtocol6WithError(provider.NewWithTransport("bench", rt)())()
	if err != nil {
		return nil, err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err := problem("GetProviderSchema", err, schemas.Diagnostics); err != nil {
		return nil, err
	}
	return &session{server: server, schemas: schemas}, nil
}

// configure is ConfigureProvider with the given attributes; the rest null.
func (s *session) configure(ctx context.Context, attrs map[string]tftypes.Value) error {
	config, err := dynamic(s.schemas.Provider, attrs, false)
	if err != nil {
		return err
	}
	resp, err := s.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config})
	return problem("ConfigureProvider", err, resp.Diagnostics)
}

// planCreate plans a new resource as `terraform plan` does (its ModifyPlan
// is where dxgh_connection verifies) and returns the planned state.
func (s *session) planCreate(ctx context.Context, typeName string, attrs map[string]tftypes.Value) (map[string]tftypes.Value, error) {
	schema := s.schemas.ResourceSchemas[typeName]
	config, err := dynamic(schema, attrs, false)
	if err != nil {
		return nil, err
	}
	proposed, err := dynamic(schema, attrs, true)
	if err != nil {
		return nil, err
	}
	prior, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
	if err != nil {
		return nil, err
	}
	resp, err := s.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: &prior, ProposedNewState: proposed, Config: config,
	})
	if err := problem("PlanResourceChange "+typeName, err, resp.Diagnostics); err != nil {
		return nil, err
	}
	return decode(schema, resp.PlannedState)
}

// readData reads a data source and returns its state.
func (s *session) readData(ctx context.Context, typeName string, attrs map[string]tftypes.Value) (map[string]tftypes.Value, error) {
	schema := s.schemas.DataSourceSchemas[typeName]
	config, err := dynamic(schema, attrs, false)
	if err != nil {
		return nil, err
	}
	resp, err := s.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
	if err := problem("ReadDataSource "+typeName, err, resp.Diagnostics); err != nil {
		return nil, err
	}
	return decode(schema, resp.State)
}

// dynamic encodes an object of the schema's type: attrs as given, the rest
// null, or, for a proposed new state, unknown where computed (what core
// proposes for a resource being created).
func dynamic(schema *tfprotov6.Schema, attrs map[string]tftypes.Value, proposed bool) (*tfprotov6.DynamicValue, error) {
	typ := schema.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for _, a := range schema.Block.Attributes {
		at := typ.AttributeTypes[a.Name]
		switch v, ok := attrs[a.Name]; {
		case ok:
			vals[a.Name] = v
		case proposed && a.Computed:
			vals[a.Name] = tftypes.NewValue(at, tftypes.UnknownValue)
		default:
			vals[a.Name] = tftypes.NewValue(at, nil)
		}
	}
	for name := range attrs {
		if _, ok := vals[name]; !ok {
			return nil, fmt.Errorf("no attribute %q in the schema", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	return &dv, err
}

func decode(schema *tfprotov6.Schema, dv *tfprotov6.DynamicValue) (map[string]tftypes.Value, error) {
	if dv == nil {
		return nil, errors.New("no state in the response")
	}
	v, err := dv.Unmarshal(schema.ValueType())
	if err != nil {
		return nil, err
	}
	var attrs map[string]tftypes.Value
	return attrs, v.As(&attrs)
}

// problem is err, or the error diagnostics as one error.
func problem(call string, err error, diags []*tfprotov6.Diagnostic) error {
	if err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s: %s", call, strings.Join(msgs, "; "))
	}
	return nil
}

func str(s string) tftypes.Value   { return tftypes.NewValue(tftypes.String, s) }
func boolean(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
func number(n int) tftypes.Value   { return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(n))) }

func stringSet(items []string) tftypes.Value {
	vals := make([]tftypes.Value, len(items))
	for i, s := range items {
		vals[i] = str(s)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
}

// intAttr reads a whole number from a decoded state.
func intAttr(attrs map[string]tftypes.Value, name string) (int, error) {
	var f big.Float
	if err := attrs[name].As(&f); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	n, _ := f.Int64()
	return int(n), nil
}
