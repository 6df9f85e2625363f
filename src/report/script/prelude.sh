set -euo pipefail
umask 077
export LC_ALL=C
KP_DIR=$(mktemp -d)
trap 'rm -rf -- "$KP_DIR"' EXIT
kp_missing=0

# kp_need NAME HINT: says on stderr that NAME must be exported, when it is unset or empty.
kp_need() {
  if [[ -z ${!1:-} ]]; then
    printf 'export %s: %s\n' "$1" "$2" >&2
    kp_missing=1
  fi
}

# kp_hmac NAME FILE: the base64 HMAC-SHA256 (RFC 2104) of FILE's bytes, keyed by the value of
# the variable NAME. The key stays inside this shell: builtins pad it and XOR it with the
# HMAC constants, and openssl only hashes what it reads on its standard input.
kp_hmac() {
  local hex i b ipad='' opad=''
  hex=$(printf '%s' "${!1}" | od -An -v -tx1 | tr -d ' \n')
  if ((${#hex} > 128)); then
    hex=$(printf '%s' "${!1}" | openssl dgst -sha256 -binary | od -An -v -tx1 | tr -d ' \n')
  fi
  while ((${#hex} < 128)); do hex+=00; done
  for ((i = 0; i < 128; i += 2)); do
    b=$((16#${hex:i:2}))
    printf -v ipad '%s\\%03o' "$ipad" $((b ^ 0x36))
    printf -v opad '%s\\%03o' "$opad" $((b ^ 0x5c))
  done
  { printf -- "$opad"; { printf -- "$ipad"; cat -- "$2"; } | openssl dgst -sha256 -binary; } |
    openssl dgst -sha256 -binary | openssl base64 -A
}

