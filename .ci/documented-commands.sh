#!/usr/bin/env bash
# Runs every command the README documents, briefly, under each JAVA_HOME a user may have:
#   unset                    ./mvnw runs Maven on the PATH's java (it may be older than 21)
#   a JDK 21 or newer        Maven runs on it
#   a JDK older than 21      Maven runs on it, while a newer JDK is installed elsewhere
# In every case the build must compile, test and run the samples and benchmarks on a JDK 21+
# (the toolchain the parent pom selects), never on the PATH's java. A case whose JDK is not
# installed on this machine is reported as skipped.
#
#   .ci/documented-commands.sh            all three cases
#   .ci/documented-commands.sh new old    only these (unset | new | old)
#
# Each command runs as documented, with smaller sizes where the README's would take minutes:
# the demo on a free port instead of 9000 (another build may hold 9000), the test suite
# limited to the tests that start JVMs of their own, the benchmarks with small N.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS="$ROOT/target/documented-commands"
rm -rf "$LOGS"
mkdir -p "$LOGS"

major_of() { # $1: a JDK home; prints its feature version, or nothing
    [ -x "$1/bin/javac" ] || return 0
    local v
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
    [ "$v" = 1 ] && v=8
    printf %s "$v"
}
NEW_JDK="" OLD_JDK="" new_v=0
for home in /usr/lib/jvm/* /usr/lib64/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /opt/java/*; do
    [ -d "$home" ] && [ ! -L "$home" ] || continue
    v=$(major_of "$home")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$new_v" ]; then NEW_JDK=$home new_v=$v; fi
    if [ "$v" -lt 21 ] && [ -z "$OLD_JDK" ]; then OLD_JDK=$home; fi
done

free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 30000))
        ss -ltnH "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
    done
}

failures=()
# check NAME EXPECTED-TEXT COMMAND...: runs the command; passes if it exits 0 and its output holds the text
check() {
    local name=$1 expect=$2 log="$LOGS/$CASE-$1.log" t=$SECONDS
    shift 2
    local runner=(timeout 600)
    declare -F "$1" > /dev/null && runner=() # a function of this script bounds its own waits
    if "${runner[@]}" "$@" > "$log" 2>&1 && grep -qF -- "$expect" "$log"; then
        echo "  ok   $name ($((SECONDS - t)) s)"
    else
        echo "  FAIL $name ($((SECONDS - t)) s); end of $log:"
        tail -n 25 "$log" | sed 's/^/       /'
        failures+=("$CASE: $name")
    fi
}

# The README's two-terminal example: a logger node that runs until stopped, and a sender.
logger_and_sender() {
    local port log="$LOGS/$CASE-logger-node.log" ok=1
    port=$(free_port)
    setsid ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample="logger $port" > "$log" 2>&1 &
    local group=$!
    for _ in $(seq 120); do grep -q "is up" "$log" && break; kill -0 "$group" 2>/dev/null || break; sleep 1; done
    ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample="send 127.0.0.1 $port logger hello" || ok=0
    for _ in $(seq 30); do grep -q "logger received: hello" "$log" && break; sleep 1; done
    grep -q "logger received: hello" "$log" || ok=0
    kill -TERM -- "-$group" 2>/dev/null
    wait "$group" 2>/dev/null
    cat "$log"
    [ "$ok" = 1 ]
}

# The command-line tool: installed by the README's command, a node that stays up, ping and call.
threadwire_tool() {
    local port tw=cli/target/threadwire/bin/threadwire log="$LOGS/$CASE-threadwire-node.log" ok=1
    ./mvnw -q -pl cli -am package -DskipTests || return 1
    port=$(free_port)
    setsid "$tw" node --port "$port" --serve echo > "$log" 2>&1 &
    local group=$!
    for _ in $(seq 60); do grep -q "is up" "$log" && break; kill -0 "$group" 2>/dev/null || break; sleep 1; done
    "$tw" ping "127.0.0.1:$port" || ok=0
    "$tw" call "127.0.0.1:$port" echo "threadwire answers" || ok=0
    "$tw" ping "127.0.0.1:$(free_port)" --timeout 1s && ok=0 # pang: exit 1
    kill -TERM -- "-$group" 2>/dev/null
    wait "$group" 2>/dev/null
    cat "$log"
    [ "$ok" = 1 ]
}

run_case() {
    CASE=$1
    case "$CASE" in
        unset) unset JAVA_HOME ;;
        new) [ -n "$NEW_JDK" ] || { echo "== JAVA_HOME=<a JDK 21+>: skipped, none installed"; return; }
             export JAVA_HOME=$NEW_JDK ;;
        old) if [ -z "$OLD_JDK" ] || [ -z "$NEW_JDK" ]; then
                 echo "== JAVA_HOME=<a JDK older than 21>: skipped, needs an old and a new JDK installed"; return
             fi
             export JAVA_HOME=$OLD_JDK ;;
        *) echo "unknown case $CASE (unset, new or old)" >&2; exit 2 ;;
    esac
    echo "== JAVA_HOME ${JAVA_HOME:-unset}; java on the PATH: $(java -version 2>&1 | head -n 1)"
    # What depends on JAVA_HOME (the JDK Maven, the samples' JVMs, the launcher and the benchmarks
    # run on) runs in every case; the other samples once, with JAVA_HOME unset.
    check demo "done: 'hello' went from one JVM to the other by name" \
        ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample="demo $(free_port)"
    if [ "$CASE" = unset ]; then
        check sample-local "the total of 1..10 is 55" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample=local
        check sample-cluster "done: three nodes in one JVM" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample=cluster
        check sample-parigot "done: the sum of 1..1000000 is 500000500000" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample=parigot-services
        check sample-avm "alpha dropped pong when beta died" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample="avm-pingpong 3"
        check sample-anyevent "the server restarted by its supervisor" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample=anyevent-mp
        check sample-maggie "done: five increments counted and confirmed across two JVMs" \
            ./mvnw -q -pl samples -am package -DskipTests exec:exec -Dsample="maggie-counter $(free_port)"
        check bench-ab "of 1 (roundtrips/s)" \
            bench/ab.sh HEAD . threadwire-local-pingpong -n 1 -Dbench.n=20000 -Dbench.runs=1
    fi
    check logger-and-sender "logger received: hello" logger_and_sender
    check threadwire-command "threadwire answers" threadwire_tool
    check verify "BUILD SUCCESS" \
        ./mvnw -B verify -Dtest='MultiProcessTest,ProcessFailureTest,HostileSecretFileTest' -Dsurefire.failIfNoSpecifiedTests=false
    check bench-run "RESULT threadwire-remote-rtt-p99" \
        bench/run.sh threadwire-local-pingpong threadwire-remote-rtt -Dbench.n=20000 -Dbench.runs=1 -Dbench.rounds=2000
}

started=$SECONDS
for c in "${@:-unset new old}"; do
    for one in $c; do run_case "$one"; done
done
echo "documented commands: $((SECONDS - started)) s; logs in $LOGS"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'failed: %s\n' "${failures[@]}"
    exit 1
fi
