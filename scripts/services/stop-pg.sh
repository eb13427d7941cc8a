#!/usr/bin/env bash
# stop-pg.sh DIR: a fast shutdown (SIGINT) of the PostgreSQL start-pg.sh DIR started, by the PID
# in DIR/pid only; SIGKILL after 20 s.
set -uo pipefail
D=${1:?usage: stop-pg.sh DIR}
[ -f "$D/pid" ] || exit 0
pid=$(cat "$D/pid")
kill -INT "$pid" 2>/dev/null
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
rm -f "$D/pid"
echo "stop-pg: stopped $pid"
