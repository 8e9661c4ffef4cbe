package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Bad window or zone input is a clear error on its attribute, before any
// request is made.
func TestAccDeployments_invalidInput(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood))
	steps := []struct {
		body string
		want string
	}{
		{`since = "2026-10-01"`, `(?s)Invalid RFC 3339 timestamp.*since must be an RFC 3339 timestamp, with a time and an offset: write "2026-10-01T00:00:00Z" for "2026-10-01"`},
		{`since = "2026-10-01T00:00:00Z"
  until = "2026-11-10 10:00"`, `(?s)Invalid RFC 3339 timestamp.*until must be .*write "2026-11-10T10:00:00Z" for "2026-11-10 10:00"`},
		{`since = "2026-10-01T00:00:00Z"
  until = "yesterday"`, `(?s)Invalid RFC 3339 timestamp.*until must be an RFC 3339 timestamp, with a time and an offset, such as "2026-11-10T00:00:00Z"; "yesterday" is not`},
		{`since = "2026-10-10T00:00:00Z"
  until = "2026-10-01T00:00:00Z"`, `(?s)Empty time window.*with data.dxgh_deployments.x.*\n\s*\d+:\s+until = .*must be after since`},
		{`since = "2026-10-01T00:00:00Z"
  until = "2026-10-01T00:00:00Z"`, `Empty time window`},
		// Longer than 3,660 days: an error on since, not 739,000 daily
		// objects or an overflowing duration.
		{`since = "0001-01-01T00:00:00Z"`, `(?s)Time window too long.*\n\s*\d+:\s+since = .*longer than 3660 days`},
		{`since = "2016-01-01T00:00:00Z"
  until = "2026-01-09T00:00:00Z"`, `(?s)Time window too long.*\n\s*\d+:\s+since = `},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Mars/Olympus_Mons"`, `(?s)Unknown time zone.*"Mars/Olympus_Mons" must be an IANA time zone name`},
		// The five closest zone names, the right one first.
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Europe/Pariss"`, `(?s)Unknown time zone.*"Europe/Pariss" must be an IANA time zone name such as UTC or Europe/Berlin \(case-sensitive\). Closest: "Europe/Paris", "Europe/Madrid", "Europe/Riga", "Europe/Warsaw", "Europe/Zurich"\.`},
		// Linux would refuse it, macOS load it: refused everywhere, with the spelling to write.
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "europe/paris"`, `(?s)Unknown time zone.*zone names are case-sensitive: write "Europe/Paris"\.`},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Paris"`, `(?s)Unknown time zone.*Closest: "Europe/Paris", `},
		{`since = "2026-10-01T00:00:00Z"
  time_zone = "Local"`, `Unknown time zone`},
		{`since = "2026-10-01T00:00:00Z"
  repositories = ["not-a-repository"]`, `must be a repository as owner/name`},
		{`since = "2026-10-01T00:00:00Z"
  repositories = ["acme/docs"]`, `acme/docs is excluded by the import settings: public`},
		{`since = "2026-10-01T00:00:00Z"
  repositories = ["acme-labs/secret-project"]`, `acme-labs/secret-project is not accessible to any installation`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config: cfg + "data \"dxgh_deployments\" \"x\" {\n  " + s.body + "\n}\n",
			// Terraform wraps long messages: a space matches any whitespace.
			ExpectError: regexp.MustCompile(strings.ReplaceAll(s.want, " ", `\s+`)),
		})
	}
	accTest(t, resource.TestCase{
		Steps: ts,
	})
}
