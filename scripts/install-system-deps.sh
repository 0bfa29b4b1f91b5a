#!/usr/bin/env bash
# Installs the Debian packages that tests need and a fresh machine lacks. Idempotent; quiet when
# everything is already there.
set -euo pipefail
needed=()
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${needed[*]} (run this script as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
