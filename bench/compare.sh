#!/usr/bin/env bash
# Compares threadwire with its peers in one sitting: runs threadwire's benchmarks (bench/run.sh)
# and the peer benchmarks (PROTOCOL.md of ../shared/bench-peers: Pekko, plain KryoNet, raw
# sockets, the JDK's floors) alternately, A B A B, and prints for each figure the median of the
# rounds and its ratio to Pekko and to the floor.
#
#   bench/compare.sh                          every row, 3 rounds
#   bench/compare.sh ROW... [-r N] [-Dk=v]... only these rows; N rounds; -D flags for both suites' JVMs
#   bench/compare.sh --list                   the rows and the benchmarks each one runs
#
# Rows: local-pingpong local-throughput parked-memory remote-throughput remote-rtt extras
# (extras: threadwire's figures that have no peer: spawn, 10,000 concurrent callers, connection
# set-up and memory, head-of-line blocking, plain-send round trips, the test kit's fault scenarios,
# a group broadcast to 1,000 members on 4 nodes).
#
# stdout: a Markdown table (threadwire, Pekko, the floor, plain KryoNet, and threadwire's ratio
# to each), a table of the threadwire-only figures, then one `RATIO <threadwire-figure>/<peer-figure>
# <value>` line per ratio, for scripts. A ratio is always threadwire's figure divided by the
# peer's: above 1 is better for rates, worse for latencies and bytes. Progress goes to stderr;
# every RESULT line of every round is kept in target/compare/results.txt.
#
# Options: -r N / --rounds N (default 3); --peers DIR (default ../shared/bench-peers from the
# repository root, or $BENCH_PEERS). The peers' run.sh picks its JDK itself (BENCH_JDK, else a
# JAVA_HOME of 21+, else the newest in /usr/lib/jvm); ./mvnw picks threadwire's the same way.
# Measure on a quiet machine: other load moves these figures by up to 2x.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# row | label | unit | threadwire figure | Pekko figure | floor figure | KryoNet figure  ("-": none)
ROWS_TABLE='
local-pingpong|local ping-pong|roundtrips/s|threadwire-local-pingpong|pekko-local-pingpong|jdk-vt-pingpong|-
local-throughput|local 4 → 1 throughput|msgs/s|threadwire-local-throughput|pekko-local-throughput|jdk-vt-throughput|-
parked-memory|parked thread with its mailbox|bytes/thread|threadwire-parked-memory|-|jdk-vt-parked-memory|-
remote-throughput|remote one-way throughput|msgs/s|threadwire-remote-throughput|pekko-remote-throughput|socket-raw-throughput|kryonet-raw-throughput
remote-rtt|remote round trips|roundtrips/s|threadwire-remote-rtt|pekko-remote-rtt|socket-raw-rtt|kryonet-raw-rtt
remote-rtt|remote round trip p50|us|threadwire-remote-rtt-p50|pekko-remote-rtt-p50|socket-raw-rtt-p50|kryonet-raw-rtt-p50
remote-rtt|remote round trip p99|us|threadwire-remote-rtt-p99|pekko-remote-rtt-p99|socket-raw-rtt-p99|kryonet-raw-rtt-p99'
EXTRA_BENCHMARKS="threadwire-spawn threadwire-calls-10k threadwire-remote-calls-10k threadwire-connect
threadwire-idle-connection-memory threadwire-idle-cpu threadwire-head-of-line threadwire-remote-rtt-send threadwire-faults
threadwire-cluster-group-broadcast"
ALL_ROWS="local-pingpong local-throughput parked-memory remote-throughput remote-rtt extras"

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }

rounds=3 peers="${BENCH_PEERS:-$ROOT/../shared/bench-peers}" rows=() flags=()
while [ $# -gt 0 ]; do
    case "$1" in
        -r|--rounds) rounds=${2:-}; shift 2 ;;
        --peers) peers=${2:-}; shift 2 ;;
        --list) for r in $ALL_ROWS; do
                    if [ "$r" = extras ]; then echo "extras: $(echo $EXTRA_BENCHMARKS)"; continue; fi
                    echo "$r: $(echo "$ROWS_TABLE" | awk -F'|' -v r="$r" '$1 == r { printf "%s %s %s %s ", $4, $5, $6, $7 }' | tr ' ' '\n' | grep -v '^-$' | sed -E 's/-(p50|p99)$//' | sort -u | tr '\n' ' ')"
                done; exit 0 ;;
        -h|--help) usage; exit 0 ;;
        -D*) flags+=("$1"); shift ;;
        *) if [[ " $ALL_ROWS " == *" $1 "* ]]; then rows+=("$1"); shift
           else echo "compare.sh: unknown row or option '$1'; rows: $ALL_ROWS (see --help)" >&2; exit 2; fi ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds needs a positive whole number, not '$rounds'" >&2; exit 2; }
[ ${#rows[@]} -gt 0 ] || read -r -a rows <<< "$ALL_ROWS"
if [ ! -x "$peers/run.sh" ]; then
    echo "compare.sh: no peer benchmarks at $peers (run.sh); give their folder with --peers DIR" >&2
    exit 2
fi

# The benchmarks each suite runs: a figure named threadwire-x-p50 comes from the benchmark threadwire-x.
bench_of() { sed -E 's/-(p50|p99)$//'; }
tw_benchmarks=() peer_benchmarks=()
for r in "${rows[@]}"; do
    if [ "$r" = extras ]; then
        read -r -a more <<< "$(echo $EXTRA_BENCHMARKS)"; tw_benchmarks+=("${more[@]}"); continue
    fi
    while IFS='|' read -r _ _ _ tw pekko floor kryo; do
        tw_benchmarks+=("$(bench_of <<< "$tw")")
        for p in "$pekko" "$floor" "$kryo"; do [ "$p" = - ] || peer_benchmarks+=("$(bench_of <<< "$p")"); done
    done < <(echo "$ROWS_TABLE" | awk -F'|' -v r="$r" '$1 == r')
done
read -r -a tw_benchmarks <<< "$(printf '%s\n' "${tw_benchmarks[@]}" | awk '!seen[$0]++' | tr '\n' ' ')"
read -r -a peer_benchmarks <<< "$(printf '%s\n' "${peer_benchmarks[@]}" | awk 'NF && !seen[$0]++' | tr '\n' ' ')"

OUT="$ROOT/target/compare"
rm -rf "$OUT"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"

# The peers build and run in a copy of their own under target/: the shared folder stays as it is
# (read-only for others), and the copy builds once, in the first round.
mkdir -p "$OUT/peers"
cp -r "$peers/pom.xml" "$peers/run.sh" "$peers/src" "$OUT/peers/"
peers="$OUT/peers"

failed=0
run_suite() { # suite round command...
    local suite=$1 round=$2 t=$SECONDS
    shift 2
    echo "# round $round: $suite: $*" >&2
    if ! "$@" 2> "$OUT/$suite-$round.log" | awk -v s="$suite" -v r="$round" '/^RESULT / { print r, s, $2, $3, $4; fflush() }' >> "$RESULTS"; then
        echo "compare.sh: $suite failed in round $round; end of $OUT/$suite-$round.log:" >&2
        tail -n 15 "$OUT/$suite-$round.log" >&2
        failed=1
    fi
    echo "# round $round: $suite done in $((SECONDS - t)) s" >&2
}
started=$SECONDS
for round in $(seq "$rounds"); do
    [ ${#tw_benchmarks[@]} -eq 0 ] || run_suite threadwire "$round" bench/run.sh "${tw_benchmarks[@]}" "${flags[@]}"
    [ ${#peer_benchmarks[@]} -eq 0 ] || JVM_FLAGS="-Xmx1g${flags[*]:+ ${flags[*]}}" run_suite peers "$round" "$peers/run.sh" "${peer_benchmarks[@]}"
done
echo "# $rounds round(s) in $((SECONDS - started)) s" >&2

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
jdk=$(grep -h -o 'java [0-9][0-9.]*' "$OUT"/threadwire-1.log 2>/dev/null | head -n 1)
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n): $(nproc) CPUs (${cpu:-unknown}), ${mem:-? GiB}, ${jdk:-java ?}, -Xmx1g;"
echo "$rounds round(s) of threadwire's bench/run.sh and the peers' run.sh, alternately; each figure is the median of its rounds."
echo

# The tables and ratios, from the medians.
selected=$(printf '%s\n' "${rows[@]}")
awk -F'|' -v selected="$selected" -v results="$RESULTS" -v extras="$EXTRA_BENCHMARKS" '
function median(name,   n, i, j, t, v) {
    n = count[name]
    if (n == 0) return ""
    for (i = 1; i <= n; i++) v[i] = vals[name, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function grouped(x,   s) { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
function show(x) { return x == "" ? "" : (x >= 1000 ? grouped(x) : sprintf("%.1f", x)) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function showr(x) { return x == "" ? "" : sprintf("%.2f×", x) }
BEGIN {
    split(selected, s, "\n"); for (i in s) want[s[i]] = 1
    while ((getline line < results) > 0) {
        split(line, f, " ")
        vals[f[3], ++count[f[3]]] = f[4] + 0; unit[f[3]] = f[5]
    }
    print "| figure | unit | threadwire | Pekko | floor | plain KryoNet | ÷ Pekko | ÷ floor | ÷ KryoNet |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
}
NF >= 7 && ($1 in want) {
    tw = median($4); pk = ($5 == "-") ? "" : median($5); fl = ($6 == "-") ? "" : median($6); kr = ($7 == "-") ? "" : median($7)
    floorName = ($6 ~ /^jdk-/) ? "JDK " : (($6 ~ /^socket-/) ? "socket " : "")
    printf "| %s | %s | %s | %s | %s%s | %s | %s | %s | %s |\n", $2, $3, show(tw), show(pk), (fl == "" ? "" : floorName), show(fl), show(kr),
        showr(ratio(tw, pk)), showr(ratio(tw, fl)), showr(ratio(tw, kr))
    if (ratio(tw, pk) != "") ratios[++nr] = sprintf("RATIO %s/%s %.3f", $4, $5, ratio(tw, pk))
    if (ratio(tw, fl) != "") ratios[++nr] = sprintf("RATIO %s/%s %.3f", $4, $6, ratio(tw, fl))
    if (ratio(tw, kr) != "") ratios[++nr] = sprintf("RATIO %s/%s %.3f", $4, $7, ratio(tw, kr))
}
END {
    if ("extras" in want) {
        print ""
        print "| threadwire only | unit | median |"
        print "|---|---|---:|"
        split(extras, e, /[ \n]+/)
        for (name in count) if (name ~ /^threadwire-/) for (i in e) if (e[i] != "" && index(name, e[i]) == 1 && !(name in shown)) {
            list[++nl] = name; shown[name] = 1
        }
        for (i = 2; i <= nl; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
        for (i = 1; i <= nl; i++) printf "| %s | %s | %s |\n", list[i], unit[list[i]], show(median(list[i]))
    }
    print ""
    for (i = 1; i <= nr; i++) print ratios[i]
}' <<< "$ROWS_TABLE"

if [ "$failed" != 0 ]; then
    echo "compare.sh: some benchmarks failed (see above); their figures are missing from the table" >&2
    exit 1
fi
