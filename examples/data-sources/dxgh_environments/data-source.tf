data "dxgh_environments" "all" {
  import_settings = dxgh_connection.acme.import_settings
}

# Every environment and the repositories that have it.
output "environments" {
  value = { for e in data.dxgh_environments.all.environments : e.name => e.repositories }
}

# The environments currently treated as production.
output "production" {
  value = [for e in data.dxgh_environments.all.environments : e.name if e.production]
}
