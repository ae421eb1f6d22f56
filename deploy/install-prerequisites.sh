#!/usr/bin/env bash
# Installs what the relay and its tests need on a fresh Debian machine:
#   - PostgreSQL server binaries (the embedded default runs initdb/pg_ctl from them),
#   - swaks (an independent SMTP/STARTTLS client for interop tests),
#   - Postfix binaries only (private loopback peers for delivery tests; the system instance is never
#     configured or started), openssl,
#   - systemd-analyze and docker-compose (CI checks deploy/tlsrelay.service and docker-compose.yml with them;
#     `docker-compose config` needs no Docker engine),
#   - chromium (headless, for the real-browser test of the report pages).
# Idempotent: installs only what is missing. Needs root (apt-get).
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v swaks >/dev/null 2>&1 || need+=(swaks)
perl -MNet::SSLeay -e1 2>/dev/null || need+=(libnet-ssleay-perl)
perl -MIO::Socket::SSL -e1 2>/dev/null || need+=(libio-socket-ssl-perl)
perl -MIO::Socket::INET6 -e1 2>/dev/null || need+=(libio-socket-inet6-perl)
[ -x /usr/sbin/postfix ] && [ -x /usr/sbin/smtp-sink ] || need+=(postfix)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-prerequisites: everything present"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-prerequisites: missing ${need[*]}; run as root (apt-get)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Postfix: binaries only ("No configuration"), so nothing listens on port 25.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "postfix postfix/mailname string localhost" | debconf-set-selections
# Keep package scripts from starting any daemon (PostgreSQL's cluster, Postfix) during install.
prc=/usr/sbin/policy-rc.d; added=0
if [ ! -e "$prc" ]; then printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; added=1; fi
trap '[ "$added" = 1 ] && rm -f "$prc"' EXIT

echo "install-prerequisites: installing ${need[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
