#!/usr/bin/env bash
# make demo: build the provider, start the sandbox GitHub on loopback, apply
# examples/demo through a temporary CLI config with dev_overrides, print the
# report, and clean up (also on Ctrl-C). Needs only Go and Terraform.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v go >/dev/null 2>&1 || { echo "make demo: go not found on PATH; install Go (https://go.dev/dl/)" >&2; exit 1; }
command -v terraform >/dev/null 2>&1 || { echo "make demo: terraform not found on PATH; install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxgh-demo.XXXXXX")
sandbox_pid=""
cleanup() {
	if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> building the provider and the sandbox"
(cd "$root" && go build -o "$tmp/bin/terraform-provider-dxgh" . && go build -o "$tmp/dxgh-sandbox" ./internal/sandbox/cmd/dxgh-sandbox)

echo "==> starting the sandbox GitHub (example organisation, dates moved to the last 30 days)"
"$tmp/dxgh-sandbox" -fixture "$root/internal/sandbox/testdata/example-org/fixture.json" \
	-rebase-to-now -key-out "$tmp/app.pem" >"$tmp/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do
	grep -q '^sandbox ready$' "$tmp/sandbox.out" 2>/dev/null && break
	kill -0 "$sandbox_pid" 2>/dev/null || { cat "$tmp/sandbox.out" >&2; echo "make demo: the sandbox did not start" >&2; exit 1; }
	sleep 0.1
done
grep -q '^sandbox ready$' "$tmp/sandbox.out" || { echo "make demo: the sandbox did not become ready" >&2; exit 1; }
export $(grep '^DXGH_' "$tmp/sandbox.out" | xargs)
echo "    $DXGH_BASE_URL (app $DXGH_APP_ID)"

cat >"$tmp/dev.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/dxgh/dxgh" = "$tmp/bin"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$tmp/dev.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

mkdir "$tmp/work"
cp "$root/examples/demo/main.tf" "$tmp/work/"
cd "$tmp/work"
echo "==> terraform apply (the connection is verified during plan)"
terraform apply -auto-approve -input=false -compact-warnings >"$tmp/apply.log" 2>&1 || { cat "$tmp/apply.log" >&2; exit 1; }
echo
terraform output -raw report
