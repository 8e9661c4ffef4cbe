# The demo `make demo` applies against the sandbox GitHub. The provider reads
# DXGH_APP_ID, DXGH_PRIVATE_KEY_FILE and DXGH_BASE_URL from the environment.
terraform {
  required_version = ">= 1.11"
  required_providers {
    dxgh = {
      source = "dxgh/dxgh"
    }
  }
}

provider "dxgh" {}

resource "dxgh_connection" "demo" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["production"]
}

data "dxgh_environments" "all" {
  import_settings = dxgh_connection.demo.import_settings
}

data "dxgh_deployments" "last_30_days" {
  import_settings     = dxgh_connection.demo.import_settings
  since               = timeadd(plantimestamp(), "-720h")
  until               = plantimestamp() # exactly 30 days, not 30 days and the plan's duration
  include_deployments = false
}

locals {
  d = data.dxgh_deployments.last_30_days
  f = local.d.frequency

  # Environments found in more than one repository; the rest are only counted.
  envs   = data.dxgh_environments.all.environments
  shared = [for e in local.envs : format("%s (%d)", e.name, length(e.repositories)) if length(e.repositories) > 1]

  tier_rule = {
    elite  = "deploys on 3 or more days in a median week"
    high   = "deploys on at least 1 day in a median week"
    medium = "deploys at least once a month"
    low    = "deploys less than once a month"
  }

  # A repository's own per-week rate: its share of the successful deployments
  # times the overall per_week (both come from the same window length).
  table = [for repo, n in local.d.by_repository : format("  %-26s %10d %9.1f", repo, n,
  local.d.successful_count == 0 ? 0 : n * local.f.per_week / local.d.successful_count)]

  # Bars are scaled so the busiest day is 40 characters wide.
  peak = max(1, [for day in local.d.daily : day.count]...)
  chart = [for day in local.d.daily : format("  %s %3d%s", day.date, day.count,
  day.count == 0 ? "" : " ${join("", [for i in range(ceil(40 * day.count / local.peak)) : "#"])}")]
}

output "frequency" {
  value = local.f
}

output "by_repository" {
  value = local.d.by_repository
}

output "report" {
  value = <<-EOT
    Connection "${dxgh_connection.demo.name}": verified
      repositories in scope: ${dxgh_connection.demo.repository_count}
      environments discovered: ${length(local.envs)}; production: ${join(", ", [for e in local.envs : e.name if e.production])}
      in more than one repository: ${join(", ", local.shared)}

    Production deployments, ${local.d.since} .. ${local.d.until}
      total ${local.d.total_count}, successful ${local.d.successful_count}, failed ${local.d.failed_count}

    Deployment frequency (successful deployments)
      per day ${format("%.2f", local.f.per_day)}, per week ${format("%.1f", local.f.per_week)}, per month ${format("%.1f", local.f.per_month)}
      deployment days ${local.f.deployment_days}, median deployment days per week ${local.f.median_days_per_week}
      DORA tier: ${upper(local.f.dora_tier)} (${local.tier_rule[local.f.dora_tier]})

    By repository                successful  per week
    ${join("\n", local.table)}

    Daily (successful deployments, ${local.d.time_zone})
    ${join("\n", local.chart)}
  EOT
}
