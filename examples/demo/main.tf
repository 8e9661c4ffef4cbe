# The demo `make demo` applies against the sandbox GitHub. The provider reads
# DXGH_APP_ID, DXGH_PRIVATE_KEY_FILE and DXGH_BASE_URL from the environment.
terraform {
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
  include_deployments = false
}

locals {
  d    = data.dxgh_deployments.last_30_days
  f    = local.d.frequency
  peak = max(1, [for day in local.d.daily : day.count]...)
  # Bars are scaled so the busiest day is 40 characters wide.
  chart = [for day in local.d.daily : format("  %s %3d %s", day.date, day.count,
  join("", [for i in range(ceil(40 * day.count / local.peak)) : "#"]))]
  table = [for repo, n in local.d.by_repository : format("  %-28s %4d", repo, n)]
}

output "report" {
  value = <<-EOT
    Connection: ${dxgh_connection.demo.name}
      repositories in scope: ${dxgh_connection.demo.repository_count}
      environments: ${join(", ", data.dxgh_environments.all.names)}

    Production deployments ${local.d.since} .. ${local.d.until}
      total ${local.d.total_count}, successful ${local.d.successful_count}, failed ${local.d.failed_count}

    Deployment frequency
      per day ${format("%.2f", local.f.per_day)}, per week ${format("%.1f", local.f.per_week)}, per month ${format("%.1f", local.f.per_month)}
      deployment days ${local.f.deployment_days}, median days per week ${local.f.median_days_per_week}
      DORA tier: ${upper(local.f.dora_tier)}

    Successful deployments by repository
    ${join("\n", local.table)}

    Daily (successful deployments)
    ${join("\n", local.chart)}
  EOT
}
