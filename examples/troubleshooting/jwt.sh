#!/usr/bin/env bash
# Prints a GitHub App JWT: the connector documentation's script ("Curl
# commands", step 1), with its two variables taken from the environment and
# a trap that removes its copy of the key however the script ends.
#
#   APP_ID=123456 PRIVATE_KEY_FILE=key.pem bash jwt.sh
#
# The key may be PKCS#1 ("BEGIN RSA PRIVATE KEY", what GitHub downloads) or
# PKCS#8 ("BEGIN PRIVATE KEY"). The JWT is valid for 5 minutes.
APP_ID="${APP_ID:?set APP_ID to the GitHub App ID}"
PRIVATE_KEY_FILE="${PRIVATE_KEY_FILE:?set PRIVATE_KEY_FILE to the path of the private key file}"

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }

HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
NOW=$(date +%s); EXP=$((NOW + 300))
PAYLOAD=$(printf '{"iat":%s,"exp":%s,"iss":"%s"}' "$NOW" "$EXP" "$APP_ID" | b64url)

# The temporary file is a copy of the private key: remove it on every exit,
# Ctrl-C (INT), kill (TERM) and a closed terminal (HUP) included.
tmp=""
trap 'rm -f "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
tmp=$(mktemp)
tr -d '\r' < "$PRIVATE_KEY_FILE" > "$tmp"
SIG=$(printf '%s' "$HEADER.$PAYLOAD" | openssl dgst -sha256 -sign "$tmp" -binary | b64url)
rm -f "$tmp"

echo "$HEADER.$PAYLOAD.$SIG"
