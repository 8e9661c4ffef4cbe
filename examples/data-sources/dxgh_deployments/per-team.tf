# Deployment frequency of one team's repositories, checked by policy.
data "dxgh_deployments" "payments_team" {
  import_settings = dxgh_connection.acme.import_settings
  repositories    = ["acme/payments", "acme/billing-api"]
  since           = "2026-10-01T00:00:00Z"
  until           = "2026-11-01T00:00:00Z"
}

check "payments_ship_weekly" {
  assert {
    condition     = contains(["elite", "high"], data.dxgh_deployments.payments_team.frequency.dora_tier)
    error_message = "Payments deployed on fewer than one day a week (median) in October."
  }
}
