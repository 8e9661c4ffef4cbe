# The last 30 days next to the 30 days before, with the change in each
# figure. `terraform apply` prints the comparison; -var until=… moves both
# periods (-var until=2026-11-01T00:00:00Z: the 30 days before 1 November
# against the 30 before those).
terraform {
  required_version = ">= 1.11"
  required_providers {
    dxgh = {
      source = "dxgh/dxgh"
    }
  }
}

provider "dxgh" {} # DXGH_APP_ID and DXGH_PRIVATE_KEY_FILE (and DXGH_BASE_URL) from the environment

variable "until" {
  description = "End of the later period, RFC 3339 (default: the time of the plan)."
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

data "dxgh_deployments" "last_30_days" {
  import_settings     = dxgh_connection.acme.import_settings
  since               = timeadd(local.until, "-720h")
  until               = local.until
  include_deployments = false
}

data "dxgh_deployments" "previous_30_days" {
  import_settings     = dxgh_connection.acme.import_settings
  since               = timeadd(local.until, "-1440h")
  until               = timeadd(local.until, "-720h")
  include_deployments = false
}

locals {
  last     = data.dxgh_deployments.last_30_days
  previous = data.dxgh_deployments.previous_30_days

  # Each figure as [previous, last].
  figures = {
    successful_count     = [local.previous.successful_count, local.last.successful_count]
    failed_count         = [local.previous.failed_count, local.last.failed_count]
    per_week             = [local.previous.frequency.per_week, local.last.frequency.per_week]
    deployment_days      = [local.previous.frequency.deployment_days, local.last.frequency.deployment_days]
    median_days_per_week = [local.previous.frequency.median_days_per_week, local.last.frequency.median_days_per_week]
  }
}

output "comparison" {
  description = "Each figure in the previous and the last 30 days, and the change."
  value = { for name, v in local.figures : name => {
    previous = v[0]
    last     = v[1]
    change   = v[1] - v[0]
  } }
}

output "dora_tier" {
  value = { previous = local.previous.frequency.dora_tier, last = local.last.frequency.dora_tier }
}

# Counts without decimals, rates with one.
locals {
  cells = { for name, v in local.figures : name => [
    format(floor(v[0]) == v[0] ? "%.0f" : "%.1f", v[0]),
    format(floor(v[1]) == v[1] ? "%.0f" : "%.1f", v[1]),
    format(floor(v[1] - v[0]) == v[1] - v[0] ? "%+.0f" : "%+.1f", v[1] - v[0]),
  ] }
}

output "report" {
  value = <<-EOT
    Production deployments: previous ${local.previous.since} .. ${local.previous.until}, last .. ${local.last.until}
    figure                 previous      last    change
    ${join("\n", [for name, c in local.cells : format("%-21s %9s %9s %9s", name, c[0], c[1], c[2])])}
    ${format("%-21s %9s %9s", "dora_tier", local.previous.frequency.dora_tier, local.last.frequency.dora_tier)}
  EOT
}
