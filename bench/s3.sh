#!/usr/bin/env bash
# Runs bench/s3.mjs; starts PostgreSQL and radosgw for it (and stops them) unless DATABASE_URL
# and S3_ENDPOINT are already set.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -n "${DATABASE_URL:-}" && -n "${S3_ENDPOINT:-}" ]]; then exec node "$HERE/s3.mjs"; fi
dir=$(mktemp -d /tmp/rangeway-bench-services.XXXXXX)
chmod 755 "$dir"
trap 'bash "$HERE/../scripts/services/services.sh" down "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
bash "$HERE/../scripts/services/services.sh" up "$dir"
set -a; . "$dir/env"; set +a
node "$HERE/s3.mjs"
