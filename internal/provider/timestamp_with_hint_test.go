package provider

import (
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// A since or until that is not RFC 3339 is one error on its attribute that
// shows the timestamp to write, not the framework's generic error as well.
func TestAccDataSources_timestampErrorShowsTheFix(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	diags, out, err := planDiagnostics(t, srv, planTerraformBlock+`
provider "dxgh" {}

data "dxgh_deployments" "x" {
  since = "2026-11-10"
  until = "2026-11-10 10:00"
}

data "dxgh_dora_metrics" "x" {
  since = "2026-11-10"
  until = "yesterday"
}
`)
	if err == nil {
		t.Fatalf("terraform plan succeeded:\n%s", out)
	}
	want := map[int]string{ // line → detail
		10: `since must be an RFC 3339 timestamp, with a time and an offset: write "2026-11-10T00:00:00Z" for "2026-11-10".`,
		11: `until must be an RFC 3339 timestamp, with a time and an offset: write "2026-11-10T10:00:00Z" for "2026-11-10 10:00".`,
		15: `since must be an RFC 3339 timestamp, with a time and an offset: write "2026-11-10T00:00:00Z" for "2026-11-10".`,
		16: `until must be an RFC 3339 timestamp, with a time and an offset, such as "2026-11-10T00:00:00Z"; "yesterday" is not (parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006").`,
	}
	var errs []planDiagnostic
	for _, d := range diags {
		if d.Diagnostic.Severity == "error" {
			errs = append(errs, d)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d errors, want %d, one per attribute: %+v", len(errs), len(want), errs)
	}
	for _, d := range errs {
		line := d.Diagnostic.Range.Start.Line
		if d.Diagnostic.Summary != "Invalid RFC 3339 timestamp" || d.Diagnostic.Detail != want[line] {
			t.Errorf("line %d: %q: %s\n want detail %s", line, d.Diagnostic.Summary, d.Diagnostic.Detail, want[line])
		}
	}
}

func TestRFC3339Fix(t *testing.T) {
	cases := map[string]string{
		"2026-11-10":                "2026-11-10T00:00:00Z",
		"2026-11-10 10:00":          "2026-11-10T10:00:00Z",
		"2026-11-10 10:00:30":       "2026-11-10T10:00:30Z",
		"2026-11-10T10:00":          "2026-11-10T10:00:00Z",
		"2026-11-10 10:00:00+02:00": "2026-11-10T10:00:00+02:00",
		"2026-11-10T10:00+02:00":    "2026-11-10T10:00:00+02:00",
		"2026-11-10T10:00:00.5":     "2026-11-10T10:00:00.5Z",
	}
	for in, want := range cases {
		if got, ok := rfc3339Fix(in); !ok || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"yesterday", "10/11/2026", "2026-13-01"} {
		if got, ok := rfc3339Fix(in); ok {
			t.Errorf("%q: no fix to suggest, got %q", in, got)
		}
	}
}
