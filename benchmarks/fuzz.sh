#!/usr/bin/env bash
# The long API fuzzing campaign (issue 15): schemathesis against a live `tandem serve` on a
# fresh demo database, every check, every phase including the stateful one (it follows the
# OpenAPI links from each create operation). Prints the cases and the failures by type.
#
#   benchmarks/fuzz.sh                 # ~100 examples an operation: 10,000+ cases
#   FUZZ_EXAMPLES=20 benchmarks/fuzz.sh
#
# Settings: FUZZ_PORT (8620), FUZZ_EXAMPLES (100), FUZZ_SEED (1), FUZZ_WORKERS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${FUZZ_PORT:-8620}
EXAMPLES=${FUZZ_EXAMPLES:-100}
SEED=${FUZZ_SEED:-1}
WORKERS=${FUZZ_WORKERS:-1}
BIN=.venv/bin
DATA=$(mktemp -d)
export TANDEM_DATA_DIR="$DATA" DATABASE_URL="sqlite:///$DATA/tandem.sqlite3" \
  EMAIL_URL=locmem:// TANDEM_DEMO=1 TANDEM_DEMO_MODE=true DEBUG=false LOG_LEVEL=WARNING
unset REDIS_URL

echo "Seeding the demo organisation in $DATA …"
$BIN/tandem migrate -v0
$BIN/tandem demo >/dev/null
$BIN/tandem serve --host 127.0.0.1 --port "$PORT" --workers 2 >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" \
  -H 'Content-Type: application/json' \
  -d '{"email": "admin@demo.tandem.test", "password": "tandem-demo"}' |
  $BIN/python -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# The document is fetched once (it is large; schemathesis would time out on a busy machine).
curl -fsS --max-time 300 "http://127.0.0.1:$PORT/api/v1/openapi.json" -o "$DATA/openapi.json"

started=$(date +%s)
set +e
$BIN/st run "$DATA/openapi.json" --url "http://127.0.0.1:$PORT" \
  -H "Authorization: Bearer $TOKEN" \
  --max-examples "$EXAMPLES" --seed "$SEED" --workers "$WORKERS" --no-shrink \
  --continue-on-failure --request-timeout 30 \
  --report json --report-json-path "$DATA/report.json" >"$DATA/st.log" 2>&1
status=$?
set -e
seconds=$(( $(date +%s) - started ))
cp "$DATA/st.log" "${FUZZ_LOG:-/tmp/tandem-fuzz.log}"  # the full output, for the details
tail -n 40 "$DATA/st.log"
$BIN/python benchmarks/fuzz_report.py "$DATA/report.json" "$seconds"
if grep -q "Traceback" "$DATA/server.log"; then
  echo "The server logged tracebacks (the last lines of each):"
  grep -B1 -E "^[A-Za-z.]+(Error|Exception):" "$DATA/server.log" | sort | uniq -c | sort -rn | head -20 || true
fi
exit "$status"
