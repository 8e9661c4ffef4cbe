# The four DORA keys and rework rate over the last 30 days.
data "dxgh_dora_metrics" "last_30_days" {
  import_settings = dxgh_connection.acme.import_settings
  since           = timeadd(plantimestamp(), "-720h")
  until           = plantimestamp()
  time_zone       = "Europe/Berlin"

  # Issues with either label (any case) are incidents; the default is ["incident"].
  incident_labels = ["incident", "sev1"]
}

output "dora" {
  value = {
    deployment_frequency = data.dxgh_dora_metrics.last_30_days.deployment_frequency.dora_tier
    lead_time_hours      = data.dxgh_dora_metrics.last_30_days.lead_time.median_hours
    change_failure_rate  = data.dxgh_dora_metrics.last_30_days.change_failure_rate.rate
    recovery_hours       = data.dxgh_dora_metrics.last_30_days.recovery_time.median_hours
    rework_rate          = data.dxgh_dora_metrics.last_30_days.rework_rate.rate
  }
}

# One team's changes and failures, listed one by one.
data "dxgh_dora_metrics" "payments_october" {
  import_settings = dxgh_connection.acme.import_settings
  repositories    = ["acme/payments", "acme/billing-api"]
  since           = "2026-10-01T00:00:00Z"
  until           = "2026-11-01T00:00:00Z"
  include_details = true
}

output "undelivered_pull_requests" {
  value = [
    for c in data.dxgh_dora_metrics.payments_october.changes :
    "${c.repository}#${c.number}" if c.deployment_id == null
  ]
}
