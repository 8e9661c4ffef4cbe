package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The documented policy example, as written, against the example
// organisation: its postcondition fails the plan exactly when October's
// change failure rate is above 15%, and, with the threshold moved, fails
// it whenever the rate is above the threshold and only then.
func TestAccDORAMetrics_policyExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "data-sources", "dxgh_dora_metrics", "policy.tf"))
	if err != nil {
		t.Fatal(err)
	}
	policy := string(raw)
	if !strings.Contains(policy, "<= 0.15") {
		t.Fatal("policy.tf no longer compares the rate with 0.15; update this test")
	}
	srv := startSandbox(t, sandbox.Options{})
	cfg := providerConfig(srv, appGood, keyFile(appGood)) + `
resource "dxgh_connection" "acme" {
  name                    = "policy"
  production_environments = ["production"]
}
`
	// The rate the example sees, read without its conditions.
	withoutConditions := regexp.MustCompile(`(?s)\n  lifecycle \{.*?\n  \}\n`).ReplaceAllString(policy, "\n")
	var rate float64
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: cfg + withoutConditions,
		Check: func(s *terraform.State) error {
			// A null rate (nothing deployed) would not parse: October has deployments.
			rate, err = strconv.ParseFloat(s.RootModule().Resources["data.dxgh_dora_metrics.october"].Primary.Attributes["change_failure_rate.rate"], 64)
			return err
		},
	}}})
	failsAbove := func(threshold string) resource.TestStep {
		step := resource.TestStep{Config: cfg + strings.ReplaceAll(policy, "<= 0.15", "<= "+threshold), PlanOnly: true}
		if limit, _ := strconv.ParseFloat(threshold, 64); rate > limit {
			step.ExpectError = regexp.MustCompile(`(?s)Resource postcondition failed.*Change failure rate above 15% in October: \d+ of\s+\d+ deployments`)
		}
		return step
	}
	// The connection exists first, as it does for users, so that the data
	// source, and its postcondition, are read during plan.
	accTest(t, resource.TestCase{Steps: []resource.TestStep{
		{Config: cfg},
		failsAbove("0.15"),
		failsAbove("-1"), // fails even with no failure: the condition is what stops the plan
		failsAbove(strconv.FormatFloat(rate, 'f', -1, 64)),
	}})
}
