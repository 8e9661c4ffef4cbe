# Change failure rate held to 15% by policy.
data "dxgh_dora_metrics" "october" {
  import_settings = dxgh_connection.acme.import_settings
  since           = "2026-10-01T00:00:00Z"
  until           = "2026-11-01T00:00:00Z"

  lifecycle {
    # Fails `terraform plan` (and apply) when more than 15% of October's
    # successful production deployments failed in production. The rate is
    # null when nothing was deployed, which passes.
    postcondition {
      condition     = coalesce(self.change_failure_rate.rate, 0) <= 0.15
      error_message = "Change failure rate above 15% in October: ${self.change_failure_rate.failed} of ${self.change_failure_rate.deployments} deployments failed in production."
    }
  }
}

# The same rule as a check block: Terraform reports a failed check as a
# warning in every plan and apply, without stopping them, so it suits a
# scheduled report; the postcondition above is what fails the plan.
check "change_failure_rate" {
  assert {
    condition     = coalesce(data.dxgh_dora_metrics.october.change_failure_rate.rate, 0) <= 0.15
    error_message = "Change failure rate above 15% in October (tier ${coalesce(data.dxgh_dora_metrics.october.change_failure_rate.tier, "none")})."
  }
}
