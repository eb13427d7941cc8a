#!/usr/bin/env bash
# stop-rgw.sh DIR: stops exactly the radosgw, OSD and monitor start-rgw.sh DIR started (the PIDs
# in DIR/pids). The cluster lives in RAM and is thrown away, so SIGKILL is enough and quick.
set -uo pipefail
D=${1:?usage: stop-rgw.sh DIR}
[ -f "$D/pids" ] || exit 0
read -r -a pids < "$D/pids"
kill -KILL "${pids[@]}" 2>/dev/null
for _ in $(seq 50); do
  alive=0
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ $alive = 1 ] || break
  sleep 0.1
done
rm -f "$D/pids"
echo "stop-rgw: stopped ${pids[*]}"
