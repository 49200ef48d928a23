#!/usr/bin/env bash
# Run every test of the suite on a fresh database: Odoo tests (incl. tours in headless
# Chromium) of our addons, then pytest against a live Odoo server on that database.
# ADDONS=coop_gie limits the run to some addons (and skips the pytest part).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ADDONS="${ADDONS:-$COOP_ADDONS}"
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
    || die "Chromium not found: tours cannot run. Fix: apt-get install chromium (or put chromium on PATH)."
"$VENV/bin/python" -c "import websocket" 2>/dev/null \
    || die "websocket-client is missing from $VENV: tours would be silently skipped. Fix: make setup."

tmpl=$(ensure_template)
db="coop_test_$(date +%Y%m%d%H%M%S)_$$"
logdir="$REPO/.cache/logs/$db"
mkdir -p "$logdir"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    [[ -n "${KEEP_DB:-}" ]] || drop_db "$db"
}
trap cleanup EXIT

clone_template "$tmpl" "$db"
tags=$(echo "$ADDONS" | sed 's/[^,]\+/\/&/g')
say "Odoo tests of $ADDONS on $db (log: $logdir/odoo.log)"
rc=0
# shellcheck disable=SC2046
odoo_bin $(odoo_opts) -d "$db" --db-filter="^$db\$" -i "$ADDONS" --test-enable --test-tags "$tags" \
    --http-port="$(free_port)" --gevent-port="$(free_port)" --stop-after-init --log-level=info \
    >"$logdir/odoo.log" 2>&1 || rc=$?
grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$logdir/odoo.log" | cut -c1-300 | head -40 >&2 || true
junit=()
if [[ -z "${ADDONS_ONLY:-}" && "$ADDONS" == "$COOP_ADDONS" && -d "$REPO/tests" ]]; then
    port=$(free_port)
    say "pytest tests/ against a live Odoo server on port $port"
    # The binary itself, not the odoo_bin function: $! must be the server, to stop it.
    # shellcheck disable=SC2046
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" $(odoo_opts) -d "$db" --db-filter="^$db\$" --http-port="$port" --gevent-port="$(free_port)" --log-level=warn \
        >"$logdir/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/web/login" 2>/dev/null && break
        sleep 0.5
    done
    COOP_URL="http://127.0.0.1:$port" COOP_DB="$db" COOP_REPO="$REPO" \
        "$VENV/bin/pytest" -q -p no:cacheprovider --junitxml="$logdir/pytest.xml" "$REPO/tests" || true
    junit=(--junit "$logdir/pytest.xml")
fi
if ((rc != 0)); then
    say "Odoo exited with code $rc (see $logdir/odoo.log)"
fi
summary_rc=0
"$VENV/bin/python" "$REPO/scripts/test_summary.py" --odoo-log "$logdir/odoo.log" --addons "$ADDONS" "${junit[@]}" \
    || summary_rc=$?
((rc == 0 && summary_rc == 0))
