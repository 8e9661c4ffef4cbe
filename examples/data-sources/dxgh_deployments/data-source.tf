# Production deployments and deployment frequency over the last 30 days.
data "dxgh_deployments" "last_30_days" {
  import_settings = dxgh_connection.acme.import_settings
  since           = timeadd(plantimestamp(), "-720h")
  until           = plantimestamp()
  time_zone       = "Europe/Berlin"

  # Large organisations: keep the per-deployment list out of state.
  include_deployments = false
}

output "deployment_frequency" {
  value = data.dxgh_deployments.last_30_days.frequency
}

# A per-repository table of successful production deployments.
output "per_repository" {
  value = join("\n", [
    for repo, n in data.dxgh_deployments.last_30_days.by_repository :
    format("%-40s %5d", repo, n)
  ])
}

# Why the tier: the deployment days of each 7-day block the median is taken
# over; a trailing partial block is listed but left out of the median.
output "weeks_behind_the_tier" {
  value = [
    for w in data.dxgh_deployments.last_30_days.weekly :
    format("%s: %d of %d days%s", w.start, w.deployment_days, w.days, w.dropped ? " (dropped)" : "")
  ]
}
