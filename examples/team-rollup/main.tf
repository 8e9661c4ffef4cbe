# DORA per GitHub team over the last 30 days, from one read: the teams come
# from GitHub (dxgh_teams), so moving a repository to another team in GitHub
# moves its figures with it, and group_by computes every team's figures from
# the same deployments, pull requests and issues. A repository two teams can
# access counts in both. The check warns about any team whose lead time is
# below the tier it promises.
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
  description = "End of the 30 days, RFC 3339 (default: the time of the plan)."
  type        = string
  default     = null
}

variable "lead_time_tier_at_least" {
  description = "The lowest acceptable lead-time tier for every team: elite, high, medium or low."
  type        = string
  default     = "medium"
}

resource "dxgh_connection" "acme" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["production"]
}

locals {
  until = coalesce(var.until, plantimestamp())
  since = timeadd(local.until, "-720h")
  tiers = ["low", "medium", "high", "elite"]
}

data "dxgh_teams" "all" {
  import_settings = dxgh_connection.acme.import_settings
}

data "dxgh_deployments" "by_team" {
  import_settings     = dxgh_connection.acme.import_settings
  since               = local.since
  until               = local.until
  include_deployments = false
  group_by            = "team"
}

data "dxgh_dora_metrics" "by_team" {
  import_settings = dxgh_connection.acme.import_settings
  since           = local.since
  until           = local.until
  group_by        = "team"
}

output "teams" {
  description = "Each team with repositories in scope: its repositories, deployments, frequency and lead time."
  value = { for slug, g in data.dxgh_deployments.by_team.groups : slug => {
    repositories     = length(distinct(flatten([for t in data.dxgh_teams.all.teams : t.repositories if t.slug == slug])))
    successful_count = g.successful_count
    failed_count     = g.failed_count
    per_week         = g.frequency.per_week
    dora_tier        = g.frequency.dora_tier
    lead_time_hours  = data.dxgh_dora_metrics.by_team.groups[slug].lead_time.median_hours
    lead_time_tier   = data.dxgh_dora_metrics.by_team.groups[slug].lead_time.tier
    change_fail_rate = data.dxgh_dora_metrics.by_team.groups[slug].change_failure_rate.rate
  } }
}

output "no_team" {
  description = "Repositories in scope that no team can access: nobody's figures include them."
  value       = data.dxgh_deployments.by_team.ungrouped_repositories
}

output "report" {
  value = <<-EOT
    team            successful  per week  frequency  lead time
    ${join("\n", [for slug, g in data.dxgh_deployments.by_team.groups : format("%-15s %10d %9.1f  %-9s  %s",
  slug, g.successful_count, g.frequency.per_week, g.frequency.dora_tier,
coalesce(data.dxgh_dora_metrics.by_team.groups[slug].lead_time.tier, "none delivered"))])}
  EOT
}

check "lead_time_tier" {
  assert {
    condition = alltrue([for slug, g in data.dxgh_dora_metrics.by_team.groups :
      g.lead_time.tier == null || index(local.tiers, g.lead_time.tier) >= index(local.tiers, var.lead_time_tier_at_least)
    ])
    error_message = "Teams below the ${var.lead_time_tier_at_least} lead-time tier: ${join(", ", [for slug, g in data.dxgh_dora_metrics.by_team.groups : "${slug} (${g.lead_time.tier})" if g.lead_time.tier != null && index(local.tiers, g.lead_time.tier) < index(local.tiers, var.lead_time_tier_at_least)])}."
  }
}
