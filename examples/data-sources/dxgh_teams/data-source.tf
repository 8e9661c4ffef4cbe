data "dxgh_teams" "all" {
  import_settings = dxgh_connection.acme.import_settings
}

# Each team and the repositories in scope it can access, its parent's included.
output "team_repositories" {
  value = { for t in data.dxgh_teams.all.teams : t.slug => t.repositories }
}

# Teams that own no repository in scope: nothing to measure for them.
output "teams_without_repositories" {
  value = [for t in data.dxgh_teams.all.teams : t.slug if length(t.repositories) == 0]
}
