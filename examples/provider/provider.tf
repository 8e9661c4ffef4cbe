# Credentials usually come from the environment:
#   DXGH_APP_ID, DXGH_PRIVATE_KEY_FILE (or DXGH_PRIVATE_KEY_PEM), DXGH_BASE_URL.
provider "dxgh" {
  app_id           = "123456"
  private_key_file = pathexpand("~/keys/acme-dx-github-deployments.private-key.pem")

  # GitHub Enterprise Server:
  # base_url = "https://github.example.com/api/v3/"

  # Optional tuning for large organisations.
  max_concurrency     = 8
  max_rate_limit_wait = "5m"
}
