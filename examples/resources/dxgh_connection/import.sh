# The import ID is "<app_id>:<name>". Import settings start at their defaults
# and the next apply sets them from configuration, in place.
terraform import dxgh_connection.acme "123456:Acme DX - GitHub Deployments"
