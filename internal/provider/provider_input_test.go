package provider

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

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
