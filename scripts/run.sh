#!/usr/bin/env bash
# Serve the demo database (created once with the whole suite and its demo data) on
# http://localhost:$HTTP_PORT. A second run reuses it, updating our addons if their code changed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$HTTP_PORT/web/login" 2>/dev/null; then
    die "Something already answers on port $HTTP_PORT (another 'make run'?). Stop it or use HTTP_PORT=8070 make run."
fi
stamp_file="$HOME/.cache/coop-platform/$DEMO_DB.addons-stamp"
addons_stamp=$(cd "$REPO/addons" && find . -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
log="$REPO/.cache/logs/$DEMO_DB.log"
mkdir -p "$(dirname "$log")" "$(dirname "$stamp_file")"

if ! db_exists "$DEMO_DB"; then
    tmpl=$(ensure_template)
    say "Creating the demo database $DEMO_DB with the suite and its demo data (once)"
    part="${DEMO_DB}_part"
    clone_template "$tmpl" "$part"
    # shellcheck disable=SC2046
    odoo_bin $(odoo_opts) -d "$part" -i "$COOP_ADDONS" --stop-after-init --log-level=warn >"$log" 2>&1 \
        || { tail -40 "$log" >&2; drop_db "$part"; die "installing the suite failed (log: $log)"; }
    psql -d postgres -qc "ALTER DATABASE \"$part\" RENAME TO \"$DEMO_DB\"" >/dev/null
    [[ -d "$FILESTORE/$part" ]] && mv "$FILESTORE/$part" "$FILESTORE/$DEMO_DB"
    echo "$addons_stamp" >"$stamp_file"
elif [[ "$(cat "$stamp_file" 2>/dev/null)" != "$addons_stamp" ]]; then
    say "The addons changed since $DEMO_DB was built: updating them"
    # shellcheck disable=SC2046
    odoo_bin $(odoo_opts) -d "$DEMO_DB" -u "$COOP_ADDONS" --stop-after-init --log-level=warn >"$log" 2>&1 \
        || { tail -40 "$log" >&2; die "updating the suite failed (log: $log); 'make reset' rebuilds the demo"; }
    echo "$addons_stamp" >"$stamp_file"
fi

cat >&2 <<MSG

  The cooperative platform is starting on http://localhost:$HTTP_PORT
    backend   http://localhost:$HTTP_PORT/odoo
    shop      http://localhost:$HTTP_PORT/shop
  Demo logins (password = login):
    admin       administrator
    staff       central staff, GIE manager
    taoutemet   manager of Cooperative Taoutemet N'Ochan (Arabic)
    tifaout     manager of Cooperative Tifaout
    customer    portal customer
  Ctrl-C stops the server.

MSG
# shellcheck disable=SC2046
# One threaded process serves the pages and the live updates (/websocket) on one port.
# Multi-process workers (config/odoo.conf, WORKERS=2) need a proxy that sends /websocket
# to the gevent port: without one, every page's live channel fails.
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" $(odoo_opts) -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
    --http-port="$HTTP_PORT" --workers="${WORKERS:-0}" --max-cron-threads=1 --proxy-mode
