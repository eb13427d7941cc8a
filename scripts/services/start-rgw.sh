#!/usr/bin/env bash
# start-rgw.sh DIR [PORT] [BUCKET...]: a throwaway Ceph radosgw (S3) on 127.0.0.1 for tests.
# One monitor, one OSD keeping objects in RAM (memstore, capped by RGW_MEM_BYTES) and one
# radosgw; everything else lives in DIR. Installs the Debian packages when missing (needs root),
# creates the S3 user RGW_ACCESS_KEY/RGW_SECRET_KEY and the buckets (default: rangeway), and
# writes DIR/env (S3_* variables) and DIR/pids. Stop it with stop-rgw.sh DIR.
set -euo pipefail
D=${1:?usage: start-rgw.sh DIR [PORT] [BUCKET...]}
PORT=${2:-17480}
shift $(($# >= 2 ? 2 : 1))
BUCKETS=("$@")
[ ${#BUCKETS[@]} -gt 0 ] || BUCKETS=(rangeway)
MON_PORT=${RGW_MON_PORT:-$((PORT - 4180))}
export S3_ACCESS_KEY_ID=${RGW_ACCESS_KEY:-rangeway-test}
export S3_SECRET_ACCESS_KEY=${RGW_SECRET_KEY:-rangeway-test-secret}
export S3_REGION=us-east-1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
started=$(date +%s.%N)
elapsed() { awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# until CMD succeeds, at most SECONDS (every ceph call has its own timeout: with no mgr
# running, some ceph commands would wait forever)
await() {
  local seconds=$1 what=$2; shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "start-rgw: no $what after ${seconds}s (logs: $D/log)" >&2; exit 1; }
    sleep 0.2
  done
}

if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd >/dev/null; }
  install || { apt-get update -qq && install; }
  echo "start-rgw: ceph packages installed (+$(elapsed)s)"
fi

D=$(realpath -m "$D")
[ ! -f "$D/pids" ] || { echo "start-rgw: $D/pids exists: stop that cluster first (stop-rgw.sh $D)" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D"/{run,log,mon/ceph-a,osd/ceph-0}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = ${RGW_MEM_BYTES:-4294967296}
osd max object name len = 460
osd max object namespace len = 64
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
mon data = $D/mon/\$cluster-\$id
osd data = $D/osd/\$cluster-\$id
keyring = $D/keyring
# deleted objects' data is freed by radosgw's garbage collector, by default only after two
# hours: in RAM that fills the store during a bench or a long test run, and a full OSD stalls
# every write, so collect at once
rgw gc obj min wait = 0
rgw gc processor period = 10
# without tcp_nodelay small answers wait ~40 ms for Nagle
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
CONF
CONF=(-c "$D/ceph.conf")
ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon "${CONF[@]}" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring"
ceph-mon "${CONF[@]}" -i a
await 30 "monitor" test -s "$D/run/mon.a.pid"
timeout 60 ceph "${CONF[@]}" osd create >/dev/null
ceph-osd "${CONF[@]}" -i 0 --mkfs >"$D/log/osd-mkfs.out" 2>&1
ceph-osd "${CONF[@]}" -i 0 >"$D/log/osd-start.out" 2>&1
timeout 60 ceph "${CONF[@]}" osd crush add osd.0 1.0 host=localhost root=default >/dev/null 2>&1
await 60 "OSD" sh -c "timeout 10 ceph -c '$D/ceph.conf' osd stat 2>/dev/null | grep -q '1 up'"
echo "start-rgw: monitor and OSD up (+$(elapsed)s)"
# radosgw would create its seven pools one after another on first use, each waiting for its
# placement group (about 15 s in all); made here in parallel, one PG each, they cost ~1 s
for pool in .rgw.root default.rgw.log default.rgw.control default.rgw.meta default.rgw.buckets.index \
  default.rgw.buckets.data default.rgw.buckets.non-ec; do
  ( timeout 60 ceph "${CONF[@]}" osd pool create "$pool" 1 1 >/dev/null 2>&1 &&
    timeout 60 ceph "${CONF[@]}" osd pool application enable "$pool" rgw >/dev/null 2>&1 ) &
done
wait
radosgw "${CONF[@]}" -n client.admin
await 120 "radosgw on port $PORT" curl -sf -o /dev/null "http://127.0.0.1:$PORT/"
echo "$(cat "$D/run/mon.a.pid") $(cat "$D/run/osd.0.pid") $(cat "$D/run/client.admin.pid")" > "$D/pids"
radosgw-admin "${CONF[@]}" -n client.admin user create --uid=rangeway --display-name=rangeway \
  --access-key="$S3_ACCESS_KEY_ID" --secret="$S3_SECRET_ACCESS_KEY" >/dev/null 2>"$D/log/user-create.err"
for bucket in "${BUCKETS[@]}"; do
  node "$HERE/s3-request.mjs" PUT "http://127.0.0.1:$PORT/$bucket" >/dev/null
done
# the first PUT and the first multipart upload are slow once: pay for them here
b=${BUCKETS[0]}
node "$HERE/s3-request.mjs" PUT "http://127.0.0.1:$PORT/$b/.warm-up" warm >/dev/null
id=$(node "$HERE/s3-request.mjs" POST "http://127.0.0.1:$PORT/$b/.warm-up-multipart?uploads" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p')
[ -z "$id" ] || node "$HERE/s3-request.mjs" DELETE "http://127.0.0.1:$PORT/$b/.warm-up-multipart?uploadId=$id" >/dev/null
node "$HERE/s3-request.mjs" DELETE "http://127.0.0.1:$PORT/$b/.warm-up" >/dev/null
cat > "$D/env" <<ENV
S3_ENDPOINT=http://127.0.0.1:$PORT
S3_REGION=$S3_REGION
S3_BUCKET=$b
S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID
S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY
ENV
echo "start-rgw: S3 at http://127.0.0.1:$PORT, bucket(s) ${BUCKETS[*]}, ready in $(elapsed)s (pids $(cat "$D/pids"))"
