#!/usr/bin/env bash
# services.sh up|down DIR: the S3 store's test services, PostgreSQL (127.0.0.1:15432) and a
# Ceph radosgw (127.0.0.1:17480), installed from Debian's packages when missing.
#   up    starts both and writes DIR/env with DATABASE_URL and S3_*; load it with
#         `set -a; . DIR/env; set +a` and the S3 suites run instead of skipping
#   down  stops exactly the processes `up` started
# Ports move with PG_PORT / RGW_PORT.
set -euo pipefail
cmd=${1:?usage: services.sh up|down DIR}
D=${2:?usage: services.sh up|down DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "$cmd" in
  up)
    mkdir -p "$D"
    "$HERE/start-pg.sh" "$D/pg" "${PG_PORT:-15432}" rangeway
    "$HERE/start-rgw.sh" "$D/rgw" "${RGW_PORT:-17480}" rangeway
    cat "$D/pg/env" "$D/rgw/env" > "$D/env"
    ;;
  down)
    "$HERE/stop-rgw.sh" "$D/rgw"
    "$HERE/stop-pg.sh" "$D/pg"
    ;;
  *) echo "usage: services.sh up|down DIR" >&2; exit 2 ;;
esac
