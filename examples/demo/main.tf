# The demo `make demo` applies against the sandbox GitHub. The provider reads
# DXGH_APP_ID, DXGH_PRIVATE_KEY_FILE and DXGH_BASE_URL from the environment.
# run.sh prints the connection's verification from `terraform plan`, then the
# report below.
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

locals {
  # Exactly 30 days, not 30 days and the plan's duration; both reads share it.
  since = timeadd(plantimestamp(), "-720h")
  until = plantimestamp()
}

data "dxgh_deployments" "last_30_days" {
  import_settings     = dxgh_connection.demo.import_settings
  since               = local.since
  until               = local.until
  time_zone           = "UTC" # the partial-day marks below read since and until as UTC times
  include_deployments = false
}

data "dxgh_dora_metrics" "last_30_days" {
  import_settings = dxgh_connection.demo.import_settings
  since           = local.since
  until           = local.until
  time_zone       = "UTC"
}

locals {
  d    = data.dxgh_deployments.last_30_days
  f    = local.d.frequency
  dora = data.dxgh_dora_metrics.last_30_days

  # Environments found in more than one repository; the rest are only counted.
  envs   = data.dxgh_environments.all.environments
  shared = [for e in local.envs : format("%s (%d)", e.name, length(e.repositories)) if length(e.repositories) > 1]

  tier_rule = {
    elite  = "deploys on 3 or more days in a median week"
    high   = "deploys on at least 1 day in a median week"
    medium = "deploys at least once a month"
    low    = "deploys less than once a month"
  }

  # Weekly: each block's deployment days as "##", its other days as "..", so
  # that a half-day median (6.5) has a column of its own; the caret under the
  # bars is the median of the blocks not dropped.
  week_cols   = "  %-10s %5s %16s %11s  "
  week_header = format(local.week_cols, "start", "days", "deployment days", "successful") # ends where the bars start
  weekly = [for w in local.d.weekly : format("${local.week_cols}%s%s", w.start, w.days, w.deployment_days, w.successful_count,
    join("", concat([for i in range(w.deployment_days) : "##"], [for i in range(w.days - w.deployment_days) : ".."])),
  w.dropped ? "  partial, dropped: not in the median" : w.partial ? "  partial, the only block: counted" : "")]
  counted     = length([for w in local.d.weekly : w if !w.dropped])
  caret_at    = length(local.week_header) + max(0, 2 * local.f.median_days_per_week - 1)
  median_mark = format("%s^ median %g of %d counted blocks: %s", join("", [for i in range(local.caret_at) : " "]), local.f.median_days_per_week, local.counted, upper(local.f.dora_tier))

  # Daily: bars scaled so the busiest day is 40 characters wide. The first and
  # last days are partial when since and until are not at midnight.
  peak          = max(1, [for day in local.d.daily : day.count]...)
  first_partial = formatdate("hh:mm:ss", local.d.since) != "00:00:00"
  last_partial  = formatdate("hh:mm:ss", local.d.until) != "00:00:00"
  last_day      = length(local.d.daily) - 1
  chart = [for i, day in local.d.daily : format("  %s %3d%s%s", day.date, day.count,
    day.count == 0 ? "" : " ${join("", [for j in range(ceil(40 * day.count / local.peak)) : "#"])}",
    i == 0 && local.first_partial ? "  (partial day: from ${formatdate("hh:mm", local.d.since)})" :
  i == local.last_day && local.last_partial ? "  (partial day: until ${formatdate("hh:mm", local.d.until)})" : "")]

  # Repositories: every one the provider names, busiest first, zeros
  # included: those with successful deployments and those with any
  # environment (dxgh_environments); the rest of repository_count have
  # neither, and no output names them. sort orders strings, so the key is
  # the count's complement, zero-padded, then the name.
  env_repos = flatten([for e in local.envs : e.repositories])
  repos     = distinct(concat(keys(local.d.by_repository), local.env_repos))
  ranked    = [for k in sort([for r in local.repos : format("%09d %s", 999999999 - lookup(local.d.by_repository, r, 0), r)]) : split(" ", k)[1]]
  # A repository's own per-week rate: its share of the successful deployments
  # times the overall per_week (both come from the same window length).
  table = [for repo in local.ranked : format("  %-26s %10d %9.1f", repo, lookup(local.d.by_repository, repo, 0),
  local.d.successful_count == 0 ? 0 : lookup(local.d.by_repository, repo, 0) * local.f.per_week / local.d.successful_count)]
  not_listed = max(0, dxgh_connection.demo.repository_count - length(local.repos))

  # The four keys; hours and tiers are null when there is nothing to measure.
  lt  = local.dora.lead_time
  cfr = local.dora.change_failure_rate
  rt  = local.dora.recovery_time
  rw  = local.dora.rework_rate
  dora_lines = [
    format("  %-28s %-7s median %g deployment days per week", "deployment frequency", upper(local.dora.deployment_frequency.dora_tier),
    local.dora.deployment_frequency.median_days_per_week),
    format("  %-28s %-7s %s (%d of %d changes delivered)", "change lead time", upper(coalesce(local.lt.tier, "none")),
    local.lt.median_hours == null ? "nothing delivered" : format("median %.1f h, p90 %.1f h", local.lt.median_hours, local.lt.p90_hours), local.lt.delivered, local.lt.changes),
    format("  %-28s %-7s %s (%d of %d deployments failed in production)", "change failure rate", upper(coalesce(local.cfr.tier, "none")),
    local.cfr.rate == null ? "no deployments" : format("%.0f%%", 100 * local.cfr.rate), local.cfr.failed, local.cfr.deployments),
    format("  %-28s %-7s %s (%d of %d failures recovered)", "failed deployment recovery", upper(coalesce(local.rt.tier, "none")),
    local.rt.median_hours == null ? "nothing recovered" : format("median %.1f h", local.rt.median_hours), local.rt.recovered, local.rt.failures),
    format("  %-28s %-7s %s (%d of %d deployments)", "rework rate", "", local.rw.rate == null ? "no deployments" : format("%.0f%%", 100 * local.rw.rate),
    local.rw.rework, local.rw.deployments),
  ]
}

output "frequency" {
  value = local.f
}

output "by_repository" {
  value = local.d.by_repository
}

output "report" {
  value = <<-EOT
    Connection "${dxgh_connection.demo.name}"
      repositories in scope: ${dxgh_connection.demo.repository_count}
      environments discovered: ${length(local.envs)}; production: ${join(", ", [for e in local.envs : e.name if e.production])}
      in more than one repository: ${join(", ", local.shared)}

    Production deployments, ${local.d.since} .. ${local.d.until}
      total ${local.d.total_count}, successful ${local.d.successful_count}, failed ${local.d.failed_count}

    Deployment frequency (successful deployments)
      per day ${format("%.2f", local.f.per_day)}, per week ${format("%.1f", local.f.per_week)}, per month ${format("%.1f", local.f.per_month)}
      deployment days ${local.f.deployment_days}, median deployment days per week ${format("%g", local.f.median_days_per_week)}
      DORA tier: ${upper(local.f.dora_tier)} (${local.tier_rule[local.f.dora_tier]})

    Weekly (7-day blocks from since's date; ## a deployment day, .. a day without)
      ${trimspace(local.week_header)}
    ${join("\n", local.weekly)}
    ${local.median_mark}

    By repository                successful  per week
    ${join("\n", local.table)}
    ${local.not_listed == 0 ? "" : format("  (and %d more in scope, with no environment and no deployment)", local.not_listed)}

    Daily (successful deployments, ${local.d.time_zone})
    ${join("\n", local.chart)}

    DORA keys (dxgh_dora_metrics, the same window)
    ${join("\n", local.dora_lines)}
  EOT
}
