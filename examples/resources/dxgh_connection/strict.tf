# A production_environments name or an ignored_repositories entry that
# matches nothing is a warning; these postconditions make it fail the plan
# instead, since a mistyped production environment selects no deployment.
resource "dxgh_connection" "strict" {
  name                    = "Acme DX - GitHub Deployments"
  production_environments = ["production", "prod-eu"]
  ignored_repositories    = ["acme/sandbox"]

  lifecycle {
    postcondition {
      condition     = length(self.unmatched_production_environments) == 0
      error_message = "production_environments that match no environment: ${join(", ", self.unmatched_production_environments)}. The warning names the closest."
    }
    postcondition {
      condition     = length(self.unmatched_ignored_repositories) == 0
      error_message = "ignored_repositories that match no repository: ${join(", ", self.unmatched_ignored_repositories)}."
    }
  }
}

# Or a check: reported on every plan and apply, without stopping them.
check "connection_settings_match" {
  assert {
    condition     = length(dxgh_connection.strict.unmatched_production_environments) == 0
    error_message = "production_environments that match no environment: ${join(", ", dxgh_connection.strict.unmatched_production_environments)}."
  }
}
