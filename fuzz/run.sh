#!/usr/bin/env bash
# Fuzzes the hop analyzer (Received parser, judge, verdict, JSON) with AFL++ and SharpFuzz for a bounded time,
# then keeps what it found as regression cases in the Core tests' corpus (README.md "Fuzzing").
#
#   fuzz/run.sh [SECONDS]      default 600; one afl-fuzz instance (one core)
#
# Installs what it needs once (Debian afl++, the SharpFuzz.CommandLine tool under fuzz/.tools), builds Release
# into fuzz/out, instruments TlsRecordingRelay.Core.dll, seeds from every dialect fixture case plus the corpus,
# runs afl-fuzz, minimises the queue with afl-cmin and replaces the corpus with it; crashes and hangs are added
# as crash-*/hang-* files. Exit status 1 when afl-fuzz saved any crash or hang.
set -euo pipefail

duration=${1:-600}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out=$here/out
tools=$here/.tools
corpus=$repo/tests/TlsRecordingRelay.Core.Tests/Fixtures/Fuzz
fixtures=$repo/tests/TlsRecordingRelay.Core.Tests/Fixtures/Received
sharpfuzz_version=2.3.0

# Prerequisites, idempotent: AFL++ from Debian, sharpfuzz pinned in a private tool path (no global install).
if ! command -v afl-fuzz >/dev/null || ! command -v afl-cmin >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++
fi
if ! dotnet tool list --tool-path "$tools" 2>/dev/null | grep -qi "sharpfuzz.commandline *$sharpfuzz_version"; then
    dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$tools"
fi

# A fresh build every run: sharpfuzz instruments in place and refuses an assembly it already instrumented.
rm -rf "$out"
mkdir -p "$out/seeds"
dotnet publish "$here/TlsRecordingRelay.Fuzz" -c Release -o "$out/bin" --nologo -v quiet
"$tools/sharpfuzz" "$out/bin/TlsRecordingRelay.Core.dll"

# Seeds: the header lines of every fixture case (the same split as ReceivedFixture.cs: cases between "===" lines,
# headers before "--- expect", "#" lines are comments; CRLF line ends), the issue 3 seed message, the corpus.
for file in "$fixtures"/*.txt; do
    awk -v prefix="$out/seeds/$(basename "$file" .txt)-" '
        /^===$/ { n++; skip = 0; next }
        /^--- expect$/ { skip = 1; next }
        !skip && !/^#/ && length($0) > 0 { printf "%s\r\n", $0 > (prefix (n + 0) ".txt") }
    ' "$file"
done
cp "$fixtures/issue-3-seed.eml" "$out/seeds/"
if compgen -G "$corpus/*" >/dev/null; then
    cp "$corpus"/* "$out/seeds/"
fi

# The target reads stdin; "dotnet" is not an AFL binary (SKIP_BIN_CHECK); the machine is shared (NO_AFFINITY).
# -t: generous per input (a loaded 2-core machine), yet a hang is still a bug: analysis is linear in the input.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
target=("$(command -v dotnet)" "$out/bin/TlsRecordingRelay.Fuzz.dll")
afl-fuzz -i "$out/seeds" -o "$out/findings" -x "$here/received.dict" -t 2000 -m none -V "$duration" -- "${target[@]}" \
    > "$out/afl-fuzz.log" 2>&1 || { tail -40 "$out/afl-fuzz.log"; exit 2; }

findings=$out/findings/default

# Minimise: afl-cmin keeps the smallest input per edge (hit counts ignored), then a greedy cover keeps the
# $max inputs that add the most edges each (the last of them add one or two edges: not worth a file).
max=${FUZZ_CORPUS_MAX:-64}
AFL_KEEP_TRACES=1 afl-cmin -e -i "$findings/queue" -o "$out/min" -t 5000 -m none -- "${target[@]}" > "$out/afl-cmin.log" 2>&1
(cd "$out/min/.traces" && ls -p "$out/min" | grep -v / | xargs -r awk -v max="$max" '
    FNR == 1 { n++; name[n] = FILENAME }
    { edges[n] = edges[n] " " $1; if (!($1 in all)) { all[$1]; total++ } }
    END {
        for (k = 1; k <= max; k++) {
            best = 0; gain = 0
            for (f = 1; f <= n; f++) {
                if (taken[f]) continue
                g = 0; c = split(edges[f], list, " ")
                for (i = 1; i <= c; i++) if (!(list[i] in covered)) g++
                if (g > gain) { gain = g; best = f }
            }
            if (!best) break
            taken[best] = 1; kept += gain; c = split(edges[best], list, " ")
            for (i = 1; i <= c; i++) covered[list[i]] = 1
            print name[best]
        }
        printf "%d of the %d edges of %d minimised inputs\n", kept, total, n > "/dev/stderr"
    }') > "$out/picked" 2> "$out/picked.coverage"

# Content-addressed names, so a rerun that finds the same input adds no file. Crash and hang inputs stay for
# good (regression cases); the rest of the corpus is replaced by this run's pick.
mkdir -p "$corpus"
find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'hang-*' -delete
keep() { # prefix file
    cp "$2" "$corpus/$1$(sha256sum "$2" | cut -c1-16)"
}
while IFS= read -r name; do keep "" "$out/min/$name"; done < "$out/picked"
shopt -s nullglob
for file in "$findings"/crashes/id:*; do keep crash- "$file"; done
for file in "$findings"/hangs/id:*; do keep hang- "$file"; done

stat() { sed -n "s/^$1 *: *//p" "$findings/fuzzer_stats"; }
echo "run time:    $(stat run_time) s"
echo "executions:  $(stat execs_done) ($(stat execs_per_sec) exec/s)"
echo "paths:       $(stat corpus_count) in the queue, $(stat edges_found) edges ($(stat bitmap_cvg) of the map)"
echo "crashes:     $(stat saved_crashes), hangs: $(stat saved_hangs)"
echo "corpus:      $(find "$corpus" -type f | wc -l) files in ${corpus#"$repo"/}, covering $(cat "$out/picked.coverage")"
[[ $(stat saved_crashes) == 0 && $(stat saved_hangs) == 0 ]]
