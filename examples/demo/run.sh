#!/usr/bin/env bash
# make demo: build the provider, start the sandbox GitHub on loopback, apply
# examples/demo through a temporary CLI config with dev_overrides, print the
# report, and clean up (also on Ctrl-C). Needs only Go and Terraform; nothing
# is downloaded but Go modules, and nothing leaves the machine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
	echo "make demo: $*" >&2
	exit 1
}

command -v go >/dev/null 2>&1 || die "go not found on PATH; install Go $(sed -n 's/^go //p' "$root/go.mod") or newer (https://go.dev/dl/) and retry."
command -v terraform >/dev/null 2>&1 || die "terraform not found on PATH; install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and retry."
tf_version=$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
[ "$(printf '%s\n' 1.11.0 "$tf_version" | sort -V | head -n1)" = 1.11.0 ] ||
	die "terraform ${tf_version:-of unknown version} is too old; the demo needs Terraform >= 1.11."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxgh-demo.XXXXXX")
sandbox_pid=""
terraform_pid=""
cleanup() {
	local pid
	for pid in $terraform_pid $sandbox_pid; do
		kill -INT "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo; echo "make demo: interrupted; stopping terraform and the sandbox" >&2; exit 130' INT TERM

echo "==> building the provider and the sandbox"
(
	cd "$root"
	go build -o "$tmp/bin/terraform-provider-dxgh" .
	go build -o "$tmp/dxgh-sandbox" ./internal/sandbox/cmd/dxgh-sandbox
)

echo "==> starting the sandbox GitHub (example organisation, dates moved so the last 30 days have data)"
"$tmp/dxgh-sandbox" -addr 127.0.0.1:0 -rebase-to-now \
	-fixture "$root/internal/sandbox/testdata/example-org/fixture.json" \
	-key-out "$tmp/app.pem" >"$tmp/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do
	grep -q '^sandbox ready$' "$tmp/sandbox.out" && break
	kill -0 "$sandbox_pid" 2>/dev/null || { cat "$tmp/sandbox.out" >&2; die "the sandbox exited before it was ready"; }
	sleep 0.1
done
grep -q '^sandbox ready$' "$tmp/sandbox.out" || { cat "$tmp/sandbox.out" >&2; die "the sandbox was not ready after 10 s"; }
# DXGH_BASE_URL, DXGH_APP_ID and DXGH_PRIVATE_KEY_FILE, as the sandbox printed them.
while IFS='=' read -r name value; do
	export "$name=$value"
done < <(grep '^DXGH_[A-Z_]*=' "$tmp/sandbox.out")
echo "    $DXGH_BASE_URL (app $DXGH_APP_ID, key in $DXGH_PRIVATE_KEY_FILE)"

# dev_overrides: Terraform uses the fresh build without `terraform init` and
# without asking any registry.
cat >"$tmp/dev.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/dxgh/dxgh" = "$tmp/bin"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$tmp/dev.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
unset TF_CLI_ARGS TF_CLI_ARGS_apply TF_WORKSPACE

mkdir "$tmp/work"
cp "$root/examples/demo/main.tf" "$tmp/work/"
cd "$tmp/work"
# Plan, then apply that plan: the connection is verified during plan, and the
# verification is printed as the plan shows it. In the background so that
# Ctrl-C reaches the trap at once rather than after Terraform's graceful
# shutdown, which would fail on the stopped sandbox.
run_terraform() {
	local log=$1
	shift
	terraform "$@" >"$log" 2>&1 &
	terraform_pid=$!
	wait "$terraform_pid" || { cat "$log" >&2; die "terraform $1 failed (its output is above)"; }
	terraform_pid=""
}
echo "==> terraform plan (the connection is verified during plan)"
run_terraform "$tmp/plan.log" plan -input=false -no-color -out=demo.tfplan
# The connection's block of the plan, reduced to what verification found,
# then every warning the plan printed after the plan itself (the
# dev_overrides warning comes before it).
awk '
	/^  # dxgh_connection\.demo / { conn = 1; print "    " substr($0, 5); next }
	conn && /^    }$/ { conn = 0; printf "      environments discovered: %d\n", envs; next }
	conn && /^      \+ environments *= \[/ { inenv = 1; next }
	inenv && /^        \]/ { inenv = 0; next }
	inenv { envs++; next }
	conn && /(account|target_type|repository_selection|repository_count) *=/ { sub(/^ *\+ /, ""); print "      " $0 }
	/^(Plan|No changes)/ { planned = 1; print "    " $0 }
	planned && /^(Warning|Error): / { diag = 1; warnings++ }
	diag { print ($0 == "" ? "" : "    " $0) }
	END { if (!warnings) print "    no warnings: every production environment matched, access verified" }
' "$tmp/plan.log"
echo "==> terraform apply"
run_terraform "$tmp/apply.log" apply -input=false -no-color -compact-warnings demo.tfplan
echo
terraform output -raw report
