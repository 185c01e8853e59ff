#!/usr/bin/env bash
# Compares two revisions of threadwire on the same benchmarks in one sitting, alternately: the
# way to tell whether a change moves a figure on a machine whose figures move by up to 2x from
# one run to the next (see docs/benchmarks.md).
#
#   bench/ab.sh REV_A REV_B NAME... [-n PAIRS] [-Dkey=value]...
#   bench/ab.sh main . threadwire-remote-rtt -n 10      # main against the working tree as it is
#
# REV_A and REV_B are anything git names (a commit, a branch, HEAD~2), or "." for the working
# tree as it is, uncommitted changes included. Each revision other than "." is checked out once
# in a worktree under target/ab/ and measured there with its own bench/run.sh, so each is built
# and run exactly as it would measure itself. Then PAIRS pairs (default 10) of runs of the
# benchmarks NAME... (with the -D flags), in the order A B, B A, A B, ...: neither always runs
# first, after the other has warmed the machine.
#
# stdout: one line per run (`pair N A|B: figure value ...`), then one line per figure: the median
# of A's runs, of B's, B / A, and in how many pairs B's figure was the higher (for a rate, more is
# better; for a latency or a size, less is). Progress and Maven go to stderr; every RESULT line
# is kept in target/ab/results.txt as `A|B pair figure value unit`. Exits 1 if a run printed no
# figures.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage() {
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

pairs=10
words=()
revs=()
while [ $# -gt 0 ]; do
    case "$1" in
        -n) [ $# -ge 2 ] || usage; pairs=$2; shift 2 ;;
        -h|--help) usage ;;
        -D*) words+=("$1"); shift ;;
        *) if [ ${#revs[@]} -lt 2 ]; then revs+=("$1"); else words+=("$1"); fi; shift ;;
    esac
done
[ ${#revs[@]} -eq 2 ] || usage
case "$pairs" in ''|*[!0-9]*|0) echo "ab.sh: -n takes a number of pairs, 1 or more: $pairs" >&2; exit 2 ;; esac
names=0
for w in "${words[@]}"; do [[ "$w" == -D* ]] || names=$((names + 1)); done
[ "$names" -gt 0 ] || { echo "ab.sh: name the benchmarks to run (bench/run.sh's names; 'all' for every one)" >&2; exit 2; }

mkdir -p target/ab
results=target/ab/results.txt
: > "$results"

# The folder where revision $2 (side $1: a or b) is measured.
checkout() {
    local side=$1 rev=$2 dir
    if [ "$rev" = . ]; then
        echo "$ROOT"
        return
    fi
    dir=$ROOT/target/ab/$side
    local commit
    commit=$(git rev-parse --verify --quiet "$rev^{commit}") || { echo "ab.sh: git knows no revision $rev" >&2; exit 2; }
    if [ -d "$dir" ]; then
        git -C "$dir" checkout -q --force --detach "$commit" && git -C "$dir" clean -q -fdx -e target/
    else
        git worktree prune
        git worktree add -q --force --detach "$dir" "$commit"
    fi || { echo "ab.sh: cannot check $rev out in $dir" >&2; exit 2; }
    echo "$dir"
}

dir_a=$(checkout a "${revs[0]}") || exit 2
dir_b=$(checkout b "${revs[1]}") || exit 2
echo "A = ${revs[0]} ($dir_a), B = ${revs[1]} ($dir_b), $pairs pairs of: ${words[*]}" >&2

status=0
for pair in $(seq 1 "$pairs"); do
    if [ $((pair % 2)) -eq 1 ]; then order="A B"; else order="B A"; fi
    for side in $order; do
        if [ "$side" = A ]; then dir=$dir_a; else dir=$dir_b; fi
        echo "pair $pair, $side ..." >&2
        out=$("$dir/bench/run.sh" "${words[@]}")
        if ! grep -q '^RESULT ' <<< "$out"; then
            echo "ab.sh: pair $pair, $side printed no figures" >&2
            status=1
            continue
        fi
        awk -v s="$side" -v p="$pair" '/^RESULT / { print s, p, $2, $3, $4 }' <<< "$out" >> "$results"
        echo "pair $pair $side: $(awk '/^RESULT / { printf "%s %s  ", $2, $3 }' <<< "$out")"
    done
done

echo
printf '%-44s %14s %14s %8s %s\n' figure "A median" "B median" "B / A" "pairs with B higher"
awk '
    function median(list,   n, v, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { key = $3; seen[key] = 1; unit[key] = $5; runs[$1, key] = runs[$1, key] " " $4; value[$1, $2, key] = $4; pair[$2] = 1 }
    END {
        for (key in seen) {
            a = median(runs["A", key]); b = median(runs["B", key]); higher = 0; both = 0
            for (p in pair) if ((("A", p, key) in value) && (("B", p, key) in value)) {
                both++; if (value["B", p, key] > value["A", p, key]) higher++
            }
            printf "%-44s %14.1f %14.1f %8.3f %d of %d (%s)\n", key, a, b, a == 0 ? 0 : b / a, higher, both, unit[key]
        }
    }' "$results" | sort
exit $status
