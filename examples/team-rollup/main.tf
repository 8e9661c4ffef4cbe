# Deployment frequency per team over the last 30 days, from one map of team →
# repositories: add a team or move a repository by editing the map (or pass
# -var-file with your own). Every repository must be in the connection's
# scope, or that team's read fails naming it.
terraform {
  required_version = ">= 1.11"
  required_providers {
    dxgh = {
      source = "dxgh/dxgh"
    }
  }
}

provider "dxgh" {} # DXGH_APP_ID and DXGH_PRIVATE_KEY_FILE (and DXGH_BASE_URL) from the environment

variable "teams" {
  description = "Each team's repositories, as owner/name."
  type        = map(list(string))
  default = {
    core     = ["acme/api", "acme/search"]
    data     = ["acme/data-pipeline", "acme-labs/ml-platform", "acme-labs/experiments"]
    payments = ["acme/payments", "acme/infra"]
    web      = ["acme/web", "acme/customer-portal", "acme/mobile-backend"]
  }
}

variable "until" {
  description = "End of the 30 days, RFC 3339 (default: the time of the plan)."
  type        = string
  default     = null
}

resource "dxgh_connection" "acme" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["production"]
}

locals {
  until = coalesce(var.until, plantimestamp())
}

data "dxgh_deployments" "team" {
  for_each = var.teams

  import_settings     = dxgh_connection.acme.import_settings
  repositories        = each.value
  since               = timeadd(local.until, "-720h")
  until               = local.until
  include_deployments = false
}

output "teams" {
  description = "Each team's successful production deployments, frequency and DORA tier."
  value = { for team, d in data.dxgh_deployments.team : team => {
    repositories         = length(var.teams[team])
    successful_count     = d.successful_count
    failed_count         = d.failed_count
    per_week             = d.frequency.per_week
    median_days_per_week = d.frequency.median_days_per_week
    dora_tier            = d.frequency.dora_tier
  } }
}

output "report" {
  value = <<-EOT
    team           repos  successful  per week  tier
    ${join("\n", [for team, d in data.dxgh_deployments.team : format("%-14s %5d %11d %9.1f  %s",
team, length(var.teams[team]), d.successful_count, d.frequency.per_week, d.frequency.dora_tier)])}
  EOT
}
