# Verified during `terraform plan`: a wrong key, app ID, missing permission or
# empty scope fails the plan with private_key_needed, invalid_credentials,
# invalid_permissions or no_resources.
resource "dxgh_connection" "acme" {
  name = "Acme DX - GitHub Deployments"

  # Which repositories are in scope (public ones are out by default).
  import_archived = false
  import_public   = false
  import_forked   = false

  # Empty: GitHub's production_environment flag decides.
  production_environments = ["production", "prod-eu"]
  ignored_repositories    = ["acme/sandbox"]
}

output "repositories_in_scope" {
  value = dxgh_connection.acme.repository_count
}

output "environments_discovered" {
  value = dxgh_connection.acme.environments
}
