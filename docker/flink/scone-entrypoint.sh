#!/usr/bin/env bash
# The scone image's entrypoint: scone's Flink settings (scone-flink.yaml, the file `scone cluster`
# reads too) become FLINK_PROPERTIES for the image's own entrypoint, followed by the service's own
# FLINK_PROPERTIES (container addresses, metrics), which win where both set a key.
set -euo pipefail
shared="$(grep -Ev '^[[:space:]]*(#|$)' /opt/flink/conf/scone-flink.yaml)"
export FLINK_PROPERTIES="${shared}${FLINK_PROPERTIES:+
${FLINK_PROPERTIES}}"
exec /docker-entrypoint.sh "$@"
