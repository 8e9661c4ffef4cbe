# Deployment frequency of one GitHub team's repositories (its own and those
# it inherits from its parent teams), checked by policy.
data "dxgh_deployments" "payments_team" {
  import_settings = dxgh_connection.acme.import_settings
  teams           = ["payments-team"]
  since           = "2026-10-01T00:00:00Z"
  until           = "2026-11-01T00:00:00Z"
}

check "payments_ship_weekly" {
  assert {
    condition     = contains(["elite", "high"], data.dxgh_deployments.payments_team.frequency.dora_tier)
    error_message = "Payments deployed on fewer than one day a week (median) in October."
  }
}

# Every team at once, from the same read.
data "dxgh_deployments" "by_team" {
  import_settings     = dxgh_connection.acme.import_settings
  group_by            = "team"
  since               = "2026-10-01T00:00:00Z"
  until               = "2026-11-01T00:00:00Z"
  include_deployments = false
}

output "tier_by_team" {
  value = { for slug, g in data.dxgh_deployments.by_team.groups : slug => g.frequency.dora_tier }
}
