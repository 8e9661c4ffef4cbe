package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Bad provider settings are clear errors on their attribute; "0s" really
// means "never wait for a rate limit".
func TestAccProvider_invalidInput(t *testing.T) {
	// Every request is answered with a secondary rate limit asking for one
	// second: only a provider that does not wait at all fails at once.
	srv := startSandbox(t, sandbox.Options{Faults: sandbox.Faults{SecondaryRateLimitRate: 1, RetryAfter: time.Second}})
	read := "data \"dxgh_environments\" \"x\" {}\n"
	steps := []struct {
		extra string
		want  string
	}{
		{`max_rate_limit_wait = "5 minutes"`, `(?s)Invalid Time Duration String Value.*max_rate_limit_wait`},
		{`max_rate_limit_wait = "-1s"`, `(?s)Invalid max_rate_limit_wait.*must not be negative`},
		{`max_rate_limit_wait = "0s"`, `(?s)secondary rate limit hit for the app .*GitHub asks to wait until .*beyond max_rate_limit_wait \(0s\)`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config:      providerConfig(srv, appGood, keyFile(appGood), s.extra) + read,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(s.want, " ", `\s+`)),
		})
	}
	ts = append(ts, resource.TestStep{
		Config: strings.Replace(providerConfig(srv, appGood, keyFile(appGood)), `app_id           = "1001"`,
			`app_id           = "12345678901234567890123456"`, 1) + read,
		ExpectError: regexp.MustCompile(`(?s)Invalid GitHub App ID.*is\s+too\s+large\s+to\s+be\s+a\s+GitHub\s+App\s+ID`),
	})
	accTest(t, resource.TestCase{Steps: ts})
}

// api is "rest" or "graphql", from the attribute or else DXGH_API; any
// other value is an error naming both, and the attribute wins over the
// variable.
func TestAccProvider_apiIsRestOrGraphQL(t *testing.T) {
	t.Setenv("DXGH_API", "") // unset, whatever the environment running the tests says
	srv := startSandbox(t, sandbox.Options{})
	read := "data \"dxgh_environments\" \"x\" {}\n"
	graphqlQueries := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			n := srv.Counts()["POST /graphql"]
			if (want == connector.APIGraphQL) != (n > 0) {
				return fmt.Errorf("%d GraphQL queries so far; want api = %q", n, want)
			}
			return nil
		}
	}
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{
		Config:      providerConfig(srv, appGood, keyFile(appGood), `api = "soap"`) + read,
		ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*api\s+=\s+"soap".*Attribute\s+api\s+value\s+must\s+be\s+one\s+of:\s+\["graphql"\s+"rest"\],\s+got:\s+"soap"`),
	}, {
		PreConfig:   func() { t.Setenv("DXGH_API", "soap") },
		Config:      providerConfig(srv, appGood, keyFile(appGood)) + read,
		ExpectError: regexp.MustCompile(`(?s)Invalid api.*DXGH_API\s+is\s+"soap";\s+set\s+it\s+to\s+"graphql"\s+or\s+"rest"\.`),
	}, {
		// The attribute wins over the variable, even a wrong one.
		Config: providerConfig(srv, appGood, keyFile(appGood), `api = "rest"`) + read,
		Check:  graphqlQueries(connector.APIREST),
	}, {
		PreConfig: func() { t.Setenv("DXGH_API", "graphql") },
		Config:    providerConfig(srv, appGood, keyFile(appGood)) + read,
		Check:     graphqlQueries(connector.APIGraphQL),
	}}})
}
