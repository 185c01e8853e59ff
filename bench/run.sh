#!/usr/bin/env bash
# Builds threadwire and runs its benchmarks (src-test/src/main/java/io/threadwire/bench), each in
# a fresh driver JVM on the JDK the build selects, following the peer benchmarks' PROTOCOL.md.
#
#   bench/run.sh                                  every benchmark
#   bench/run.sh NAME... [-Dkey=value]...         only these; -D words become flags of the benchmark JVMs:
#                                                 -Dbench.n=N (messages of a throughput run), -Dbench.runs=R,
#                                                 -Dbench.rounds=K (measured round trips), -Dbench.secret=S
#
# stdout: only `RESULT <name> <value> <unit>` lines; everything else (Maven, progress, logging) goes
# to stderr. Exit status 0 when every benchmark printed its figures. It is the same as
#   ./mvnw -q -pl src-test -am package -DskipTests -Dbench="NAME... -Dkey=value..."
# with Maven's own messages (which it prints on stdout) moved to stderr.
set -uo pipefail
cd "$(dirname "$0")/.."
words="${*:-all}"
./mvnw -q -B -pl src-test -am package -DskipTests -Dbench="$words" \
    | awk '/^RESULT / { print; fflush(); next } { print > "/dev/stderr"; fflush("/dev/stderr") }'
exit "${PIPESTATUS[0]}"
