package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// panicOn panics on every request whose path matches, as a bug in the
// client's read path would, in whichever goroutine sends it.
type panicOn struct{ path *regexp.Regexp }

func (p panicOn) RoundTrip(req *http.Request) (*http.Response, error) {
	if p.path.MatchString(req.URL.Path) {
		panic("injected panic on " + req.URL.Path)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// A panic inside a read is an error diagnostic naming the read, never a
// plugin crash: in the goroutines the client starts (each shared look-up's,
// here the installations list) and the connector starts (REST requests per
// repository, GraphQL batches), in the connection's verification and in a
// data source, in both modes.
func TestAccPanicInAReadIsAnErrorNotACrash(t *testing.T) {
	for _, tc := range []struct {
		name, api, path, body, summary, where string
	}{
		{"verification, installations", "rest", `/app/installations$`, "", "Verifying the GitHub connection failed", "/app/installations"},
		{"verification, per repository", "rest", `/environments$`, "", "Verifying the GitHub connection failed", "/repos/"},
		{"verification, GraphQL batch", "graphql", `/graphql$`, "", "Verifying the GitHub connection failed", "/graphql"},
		{"deployments, installations", "rest", `/app/installations$`, deploymentsBody, "Reading the repositories in scope failed", "/app/installations"},
		{"deployments, per repository", "rest", `/deployments$`, deploymentsBody, "Reading deployments failed", "/repos/"},
		{"deployments, GraphQL batch", "graphql", `/graphql$`, deploymentsBody, "Reading deployments failed", "/graphql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSandbox(t, sandbox.Options{})
			body := tc.body
			if body == "" {
				body = "resource \"dxgh_connection\" \"test\" {\n  name = \"panic\"\n}\n"
			}
			resource.UnitTest(t, resource.TestCase{
				PreCheck: func() { testenv.RequireTerraform(t) },
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
					"dxgh": providerserver.NewProtocol6WithError(NewWithTransport("test", panicOn{regexp.MustCompile(tc.path)})()),
				},
				Steps: []resource.TestStep{{
					Config:      providerConfig(srv, appGood, keyFile(appGood), fmt.Sprintf("api = %q", tc.api)) + body,
					ExpectError: wrapped(tc.summary, "internal error: the provider panicked (injected panic on "+tc.where),
				}},
			})
		})
	}
}

// wrapped matches each phrase, in order, however terraform wraps its lines.
func wrapped(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// The entry points' own recover: a panic outside any goroutine the
// connector or client start (in the metrics, say) is an error naming the read.
func TestRecoverReadNamesTheRead(t *testing.T) {
	var diags diag.Diagnostics
	func() {
		defer recoverRead(context.Background(), &diags, "Reading dxgh_deployments")
		panic("a bug")
	}()
	if !diags.HasError() || diags[0].Summary() != "Reading dxgh_deployments failed: internal error" ||
		!strings.Contains(diags[0].Detail(), "the provider panicked (a bug)") {
		t.Errorf("diagnostics %v", diags)
	}
}

const deploymentsBody = `
data "dxgh_deployments" "test" {
  since = "2026-10-21T00:00:00Z"
  until = "2026-11-20T00:00:00Z"
}
`
