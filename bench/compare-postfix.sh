#!/usr/bin/env bash
# Side-by-side load comparison: Postfix 3.7 as a relay vs our tlsrelay, same machine, same clients, same sinks,
# alternating (Postfix run, ours, Postfix, ours, ...), medians of --runs per scenario.
#
# Both are driven by the peers' anchor benchmark (shared/peers/bench-postfix-relay.sh): Postfix as it starts it,
# ours with --external-relay. Ours is the Release build of src/TlsRecordingRelay (built here first), started once
# per scenario on 127.0.0.1:$OUR_PORT with every route pointing at the scenario's sink, the peers' certificate
# (RSA-2048, the one Postfix uses, so the TLS work is the same), its embedded PostgreSQL in a fresh directory
# (durable defaults: fsync and synchronous_commit on), default logging to a file, and warmed by one unmeasured
# run of --warmup messages: a relay runs for days, and .NET's tiered JIT needs a few thousand messages to finish
# recompiling the hot paths (measured: ~3.7 ms CPU per message in the first 2,000, ~1.9 ms after 4,000).
# Postfix is started fresh per run by the bench (it has no JIT; its processes are forked per session).
#
# Scenarios (client:downstream, see bench-postfix-relay.sh --help):
#   python-tls:smtp-sink      STARTTLS in (a handshake per message), plain out   -> accepted STARTTLS msgs/s
#   python-tls:postfix-tls    STARTTLS in, STARTTLS out to a Postfix TLS sink    -> end-to-end, TLS on both legs
#   smtp-source:smtp-sink     plain in, plain out (smtp-source)
#
# Usage: bench/compare-postfix.sh [--runs 3] [--msgs 2000] [--sessions 20] [--size 4096] [--per-conn 1]
#                                 [--warmup 3000] [--scenarios 'python-tls:smtp-sink python-tls:postfix-tls'] [--cpu-share]
#                                 [--pf 'postfix main.cf line' ...] [--set Key=Value ...  (our relay's configuration)]
# Env: PEERS_DIR (default: shared/peers beside the checkout, else /work/shared/peers), OUR_PORT (10040).
# Output: the bench's "run" lines, per scenario a median line for each ("postfix_relay", "external_relay"), our
# relay's peak RSS (VmHWM) and CPU per message, and the ratio line:
#   compare client=python-tls downstream=smtp-sink accepted_ratio=2.10 e2e_ratio=1.95 ours_rss_mb=150 ...
# --cpu-share samples the whole machine with `perf record -a` during every run and prints, per run, the CPU each
# process name spent per message ("cpu ours ... tlsrelay=2.10 postgres=1.05 python3=1.50 smtp-sink=0.60 ..."): what
# the relay costs next to the load client and the sink that share the same cores. Postfix's figures include its
# start and stop (the bench starts it per run); the relay's .NET threads and PostgreSQL's processes are summed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS_DIR=${PEERS_DIR:-}
if [ -z "$PEERS_DIR" ]; then
  for d in "$ROOT/../shared/peers" /work/shared/peers; do [ -x "$d/bench-postfix-relay.sh" ] && { PEERS_DIR=$d; break; }; done
fi
[ -x "${PEERS_DIR:-}/bench-postfix-relay.sh" ] || { echo "compare-postfix: no peers/bench-postfix-relay.sh (set PEERS_DIR)" >&2; exit 1; }
BENCH=$PEERS_DIR/bench-postfix-relay.sh
SUMMARY=$PEERS_DIR/tools/bench_summary.py
OUR_PORT=${OUR_PORT:-10040}

runs=3 msgs=2000 sessions=20 size=4096 per_conn=1 warmup=3000
scenarios="python-tls:smtp-sink python-tls:postfix-tls smtp-source:smtp-sink"
pf=() ours=() cpu_share=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --msgs) msgs=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --per-conn) per_conn=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --cpu-share) cpu_share=1; shift ;;
    --pf) pf+=(--pf "$2"); shift 2 ;;
    --set) ours+=("--$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-postfix: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$cpu_share" = 1 ] && ! command -v perf >/dev/null; then echo "compare-postfix: --cpu-share needs perf (apt-get install linux-perf)" >&2; exit 2; fi
echo "# compare-postfix: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), runs=$runs msgs=$msgs sessions=$sessions size=$size per_conn=$per_conn"
dotnet build -c Release "$ROOT/src/TlsRecordingRelay" -v quiet -nologo >/dev/null
EXE=$ROOT/src/TlsRecordingRelay/bin/Release/net10.0/tlsrelay
"$BENCH" --help >/dev/null   # installs the peers (idempotent) ...
CERT=${PEERS_ROOT:-/tmp/peers}/tls
relay_pid="" work=""

stop_ours() {
  if [ -n "$relay_pid" ] && [ "$(cat "/proc/$relay_pid/comm" 2>/dev/null)" = tlsrelay ]; then
    kill -TERM "$relay_pid"
    for _ in $(seq 300); do kill -0 "$relay_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  relay_pid=""
  [ -n "$work" ] && rm -rf "$work/var"
}
trap stop_ours EXIT
trap 'exit 130' INT TERM

start_ours() {  # SINK_PORT
  work=$(mktemp -d /tmp/tlsrelay-compare-XXXXXX)
  chmod 755 "$work"   # the embedded cluster runs as the postgres user
  (cd "$work" && exec "$EXE" run --Smtp:Address=127.0.0.1 "--Smtp:Port=$OUR_PORT" --Smtp:Hostname=relay.compare.test \
      "--Http:Urls=http://127.0.0.1:$((OUR_PORT + 1))" "--Storage:DataDirectory=$work/var" \
      "--Delivery:Routes:*=127.0.0.1:$1" "--Smtp:CertificatePath=$CERT/cert.pem" "--Smtp:CertificateKeyPath=$CERT/key.pem" \
      "${ours[@]}" >"$work/relay.log" 2>&1) &
  relay_pid=$!
  for _ in $(seq 600); do
    { exec 3<>"/dev/tcp/127.0.0.1/$OUR_PORT"; } 2>/dev/null && { exec 3>&-; return 0; }
    kill -0 "$relay_pid" 2>/dev/null || { tail -5 "$work/relay.log" >&2; return 1; }
    sleep 0.2
  done
  echo "compare-postfix: tlsrelay did not listen" >&2; return 1
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

# Our relay finishes its last settles (and the JIT its last recompiles) for about a second after the sink holds every
# message (measured: ~0.9 s of CPU): wait until it is idle, so that it never runs during a Postfix run. Bounded, 30 s.
quiet_ours() {
  local a b
  for _ in $(seq 30); do
    a=$(ticks "$relay_pid"); sleep 1; b=$(ticks "$relay_pid")
    [ $(( (b - a) * 1000 / $(getconf CLK_TCK) )) -lt 50 ] && return 0
  done
}

# measure WHO BENCH-ARGS...: runs the bench, prints its "run" line; with --cpu-share also the CPU per message by process.
measure() {
  local who=$1; shift
  if [ "$cpu_share" = 0 ]; then "$BENCH" "$@" | grep '^run '; return; fi
  local data b0 b1 line
  data=$(mktemp /tmp/tlsrelay-compare-perf-XXXXXX)
  b0=$(busy)
  line=$(perf record -q -a -F 499 -o "$data" -- "$BENCH" "$@" 2>/dev/null | grep '^run ')
  b1=$(busy)
  echo "$line"
  perf report -i "$data" --no-children --sort comm --stdio -g none 2>/dev/null | grep '%' | awk -v who="$who" -v n="$msgs" \
      -v ms="$(( (b1 - b0) * 1000 / $(getconf CLK_TCK) ))" '{
    pct = $1; sub(/%/, "", pct); $1 = ""; sub(/^ +/, ""); name = $0
    if (name ~ /^\.NET|^Console logger|^tlsrelay/) name = "tlsrelay"; else if (name ~ /^postgres/) name = "postgres"
    gsub(/[^A-Za-z0-9_.-]/, "_", name)
    if (name != "swapper") { share[name] += pct; busy += pct }
  } END {
    line = sprintf("cpu %s busy_ms_per_msg=%.2f", who, ms / n)
    for (k in share) if (share[k] / busy * ms / n >= 0.05) line = line sprintf(" %s=%.2f", k, share[k] / busy * ms / n)
    print line }'
  rm -f "$data"
}

for sc in $scenarios; do
  client=${sc%%:*} ds=${sc##*:}
  sink_port=10026; [ "$ds" = postfix-tls ] && sink_port=10027
  args=(--client "$client" --downstream "$ds" --sessions "$sessions" --size "$size" --per-conn "$per_conn" --runs 1)
  start_ours "$sink_port"
  if [ "$warmup" -gt 0 ]; then "$BENCH" "${args[@]}" --msgs "$warmup" --external-relay "$OUR_PORT" >/dev/null 2>&1 || true; fi
  args+=(--msgs "$msgs")
  quiet_ours
  pf_lines="" our_lines="" cpu_ms=""
  for ((i = 1; i <= runs; i++)); do
    out=$(measure postfix "${args[@]}" "${pf[@]}") && { l=$(head -1 <<<"$out"); echo "postfix $l"; pf_lines+="$l"$'\n'; sed 1d <<<"$out"; }
    t0=$(ticks "$relay_pid")
    out=$(measure ours "${args[@]}" --external-relay "$OUR_PORT") && { l=$(head -1 <<<"$out"); echo "ours    $l"; our_lines+="$l"$'\n'; sed 1d <<<"$out"; }
    quiet_ours
    cpu_ms+="${cpu_ms:+,}$(awk -v a="$t0" -v b="$(ticks "$relay_pid")" -v n="$msgs" 'BEGIN{printf "%.2f", (b - a) * 10 / n}')"
  done
  p=$(printf '%s' "$pf_lines" | python3 "$SUMMARY" postfix_relay)
  o=$(printf '%s' "$our_lines" | python3 "$SUMMARY" external_relay)
  echo "$p"; echo "$o"
  rss=$(awk '/^VmHWM:/{printf "%.0f", $2 / 1024}' "/proc/$relay_pid/status")
  get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
  awk -v c="$client" -v d="$ds" -v pa="$(get msgs_per_s "$p")" -v oa="$(get msgs_per_s "$o")" \
      -v pe="$(get e2e_msgs_per_s "$p")" -v oe="$(get e2e_msgs_per_s "$o")" -v rss="$rss" -v cpu="$cpu_ms" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{
    printf "compare client=%s downstream=%s postfix_accepted=%.1f ours_accepted=%.1f accepted_ratio=%.2f postfix_e2e=%.1f ours_e2e=%.1f e2e_ratio=%.2f ours_rss_mb=%s ours_cpu_ms_per_msg=%s load=%s\n",
      c, d, pa, oa, (pa > 0 ? oa / pa : 0), pe, oe, (pe > 0 ? oe / pe : 0), rss, cpu, load }'
  stop_ours
done
