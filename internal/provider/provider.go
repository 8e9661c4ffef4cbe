// Package provider maps the dxgh Terraform interface onto the connector and
// the GitHub client.
package provider

import (
	"context"
	"net/http"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"

	_ "time/tzdata" // time_zone must work on machines without a zoneinfo database
)

// New returns a constructor for the dxgh provider at the given version.
func New(version string) func() provider.Provider { return NewWithTransport(version, nil) }

// NewWithTransport is New with every GitHub request sent through rt, under
// the client's own layers (ghclient.Config.BaseTransport): the benchmark
// meters the provider's real read path this way.
func NewWithTransport(version string, rt http.RoundTripper) func() provider.Provider {
	return func() provider.Provider { return &dxghProvider{version: version, transport: rt} }
}

var _ provider.Provider = (*dxghProvider)(nil)

type dxghProvider struct {
	version   string
	transport http.RoundTripper // nil: ghclient's default
}

type providerModel struct {
	AppID            types.String         `tfsdk:"app_id"`
	PrivateKeyPEM    types.String         `tfsdk:"private_key_pem"`
	PrivateKeyFile   types.String         `tfsdk:"private_key_file"`
	BaseURL          types.String         `tfsdk:"base_url"`
	InstallationIDs  types.Set            `tfsdk:"installation_ids"`
	MaxConcurrency   types.Int64          `tfsdk:"max_concurrency"`
	MaxRateLimitWait timetypes.GoDuration `tfsdk:"max_rate_limit_wait"`
	API              types.String         `tfsdk:"api"`
}

func (p *dxghProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "dxgh"
	resp.Version = p.version
}

var digits = regexp.MustCompile(`^[0-9]+$`)

func (p *dxghProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Connects to GitHub through a GitHub App to verify the connection and read deployment environments, production deployments and deployment frequency.",
		Attributes: map[string]schema.Attribute{
			"app_id": schema.StringAttribute{
				Optional:    true,
				Description: "The GitHub App's ID, shown at the top of the app's settings page. Can also be set with the `DXGH_APP_ID` environment variable.",
				Validators:  []validator.String{stringvalidator.RegexMatches(digits, "must be the app's numeric ID")},
			},
			"private_key_pem": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The app's private key in PEM form: PKCS#1 (`BEGIN RSA PRIVATE KEY`, as GitHub downloads it) or PKCS#8 RSA. " +
					"CRLF line ends, a UTF-8 byte-order mark, surrounding whitespace and literal `\\n` escapes are accepted. Conflicts with `private_key_file`. " +
					"Can also be set with `DXGH_PRIVATE_KEY_PEM`.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("private_key_file"))},
			},
			"private_key_file": schema.StringAttribute{
				Optional:    true,
				Description: "Path to the app's private key file, instead of `private_key_pem`. Can also be set with `DXGH_PRIVATE_KEY_FILE`.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				Description: "GitHub's REST API URL. Defaults to `https://api.github.com/`. For GitHub Enterprise Server use `https://HOST/api/v3/`; " +
					"`https://HOST` and `https://HOST/api/v3` are accepted too, and `github.com` means `api.github.com`. Can also be set with `DXGH_BASE_URL`.",
			},
			"installation_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.Int64Type,
				Description: "Use only these installations of the app. By default every installation is used.",
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"max_concurrency": schema.Int64Attribute{
				Optional:    true,
				Description: "How many requests to GitHub may be in flight at once. Defaults to 8; at most 50.",
				Validators:  []validator.Int64{int64validator.Between(1, 50)},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				Optional:   true,
				CustomType: timetypes.GoDurationType{},
				Description: "The longest the provider waits for a GitHub rate limit to reset before failing with an error, as a Go duration such as `90s` or `5m`. " +
					"Defaults to `5m`; `0s` fails at once.",
			},
			"api": schema.StringAttribute{
				Optional: true,
				Description: "Which of GitHub's APIs reads the data: `graphql` (the default) or `rest`. " +
					"`graphql`: GitHub's GraphQL API wherever it has the data (environments, deployments, statuses, pull requests, issues), REST where only REST has it " +
					"(installations, tokens, the repository list, the `production_environment` flag). `rest`: REST only, the reference path. " +
					"Both give identical outputs. Can also be set with `DXGH_API`.",
				Validators: []validator.String{stringvalidator.OneOf(connector.APIGraphQL, connector.APIREST)},
			},
		},
	}
}

func (p *dxghProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewConnectionResource}
}

func (p *dxghProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewEnvironmentsDataSource, NewDeploymentsDataSource, NewDORAMetricsDataSource, NewTeamsDataSource}
}
