#!/usr/bin/env bash
# CPU cost of the /domains queries (src/TlsRecordingRelay.Storage/Dashboard/EncryptionDashboardRepository.cs) on
# synthetic data: a throwaway PostgreSQL cluster on a unix socket, the sql/ migrations, N messages spread over
# 30 days with 2 recipients each (500 domains) and one attempt per recipient, then the CPU seconds (user+sys of
# the backend, parallel workers off so all work is counted; robust to a loaded machine) of each query.
# Usage (root, PostgreSQL 15 binaries): bench/dashboard-sql.sh [messages=200000]
set -euo pipefail
n=${1:-200000}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
dir=$(mktemp -d /tmp/tlsrelay-dashboard-bench.XXXXXX); chown postgres "$dir"
psql() { runuser -u postgres -- "$bin/psql" -h "$dir" -p 55439 -d postgres -v ON_ERROR_STOP=1 -q -At "$@"; }
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -o "-k $dir -c listen_addresses='' -p 55439" -l "$dir/log" -w start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
for f in "$repo"/sql/*.sql; do psql -f "$f"; done
psql <<SQL
ALTER TABLE recipients DISABLE TRIGGER recipients_queued_notify;
INSERT INTO messages (queue_id, session_id, message_id, received_at, mail_from, size_bytes, received_header, content)
SELECT 'Q' || g, gen_random_uuid(), 'm' || g || '@x.test', now() - (g % 60) * interval '12 hours', 's@x.test', 1000, 'Received: x', '\x00'::bytea
FROM generate_series(1, $n) g;
INSERT INTO reports (message_ref, client_ip, client_helo, client_rdns, with_protocol, tls, upstream_received, verdict, hops)
SELECT id, '192.0.2.' || (id % 250), 'mx' || (id % 3000) || '.sender' || (id % 400) || '.example',
       CASE WHEN id % 5 = 0 THEN NULL ELSE 'mx' || (id % 3000) || '.sender' || (id % 400) || '.example' END, 'ESMTPS',
       CASE WHEN id % 10 = 0 THEN NULL ELSE '{"version":"TLSv1.3","cipher":"TLS_AES_256_GCM_SHA384","bits":256}'::jsonb END,
       '[]', CASE id % 3 WHEN 0 THEN 'encrypted' WHEN 1 THEN 'plaintext' ELSE 'unknown' END, '[]'
FROM messages;
INSERT INTO recipients (message_ref, address, status, policy, attempts, next_attempt_at, created_at, updated_at)
SELECT m.id, 'u' || k || '@dom' || ((m.id * 7 + k) % 500) || '.test', CASE WHEN m.id % 20 = 0 THEN 'deferred' ELSE 'delivered' END,
       'may', 1, now(), now(), now()
FROM messages m, generate_series(1, 2) k;
INSERT INTO delivery_attempts (recipient_ref, attempted_at, worker, route, host, ip, port, policy, tls_version, tls_cipher,
                               certificate_verified, result, reply_code, enhanced_status)
SELECT r.id, now(), 'w', 'mx:x', 'mx.x', '192.0.2.1', 25, 'may',
       CASE WHEN r.id % 8 = 0 THEN NULL WHEN r.id % 8 = 1 THEN 'TLSv1.2' ELSE 'TLSv1.3' END,
       CASE WHEN r.id % 8 = 0 THEN NULL ELSE 'TLS_AES_256_GCM_SHA384' END, r.id % 3 = 0,
       CASE WHEN r.status = 'delivered' THEN 'delivered' ELSE 'deferred' END, CASE WHEN r.status = 'delivered' THEN 250 ELSE 451 END,
       CASE WHEN r.status = 'delivered' THEN '2.0.0' ELSE '4.7.4' END
FROM recipients r;
ANALYZE;
SQL
echo "data: $(psql -c "SELECT (SELECT count(*) FROM messages) || ' messages, ' || (SELECT count(*) FROM recipients) || ' recipients, ' || (SELECT count(*) FROM delivery_attempts) || ' attempts'")"
tick=$(getconf CLK_TCK)
for name in RecipientDomainsSql SendingHostsSql; do
  for days in 7 30; do
    sql=$(python3 - "$repo/src/TlsRecordingRelay.Storage/Dashboard/EncryptionDashboardRepository.cs" "$name" "$days" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sql = re.search(sys.argv[2] + r' = """\n(.*?)"""', text, re.S).group(1)
print(sql.replace('@Days', sys.argv[3]).replace('@Limit', '20000'))
PY
)
    coproc PG { runuser -u postgres -- "$bin/psql" -h "$dir" -p 55439 -d postgres -q -At 2>&1; }
    echo "SET max_parallel_workers_per_gather = 0; SELECT pg_backend_pid();" >&"${PG[1]}"
    read -r pid <&"${PG[0]}"
    before=$(awk '{print $14+$15}' /proc/"$pid"/stat); start=$(date +%s.%N)
    printf 'SELECT count(*) FROM (%s) q;\nSELECT %s;\n' "$sql" "'done'" >&"${PG[1]}"
    rows=""; while read -r line <&"${PG[0]}"; do [ "$line" = done ] && break; rows=$line; done
    after=$(awk '{print $14+$15}' /proc/"$pid"/stat); end=$(date +%s.%N)
    echo "$name days=$days: $rows rows, CPU $(echo "scale=2; ($after - $before) / $tick" | bc) s, wall $(echo "$end - $start" | bc | cut -c1-5) s"
    echo '\q' >&"${PG[1]}"; wait "$PG_PID" 2>/dev/null || true
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
