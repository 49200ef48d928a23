#!/usr/bin/env bash
# Benchmarks (never part of `make test`). Each addon may ship bench/bench_*.py modules with
# a function `run(env, base_url)` printing `bench: <name> = <value> <unit>` lines. They run
# in one `odoo-bin shell` on a throwaway database holding the suite and its demo data, while
# an Odoo server with workers=2 serves that database on base_url for HTTP figures.
# INSTRUCTIONS=1 runs the routing benchmark alone under valgrind's callgrind and prints the
# instructions each path runs instead of its times: the same on every run (a few minutes).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tmpl=$(ensure_template)
db="coop_bench_$$"
logdir="$REPO/.cache/logs/$db"
mkdir -p "$logdir"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    drop_db "$db"
}
trap cleanup EXIT
clone_template "$tmpl" "$db"
say "Installing the suite on $db"
# shellcheck disable=SC2046
odoo_bin $(odoo_opts) -d "$db" -i "$COOP_ADDONS" --stop-after-init --log-level=warn >"$logdir/install.log" 2>&1 \
    || { tail -30 "$logdir/install.log" >&2; die "installing the suite failed"; }
port=$(free_port)
# The binary itself, not the odoo_bin function: $! must be the server, to stop it.
# shellcheck disable=SC2046
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" $(odoo_opts) -d "$db" --db-filter="^$db\$" --http-port="$port" --gevent-port="$(free_port)" --workers=2 \
    --max-cron-threads=0 --log-level=warn >"$logdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/web/login" 2>/dev/null && break
    sleep 0.5
done
say "Running benchmarks (server on port $port, workers=2)"
benches=$(cd "$REPO/addons" && ls -1 */bench/bench_*.py 2>/dev/null | sed 's|/|.|g; s|\.py$||' || true)
[[ -n "$benches" ]] || { say "No benchmark found"; exit 0; }
runner=("$VENV/bin/python")
if [[ "${INSTRUCTIONS:-}" == 1 ]]; then
    command -v valgrind >/dev/null && command -v gcc >/dev/null && [[ -f /usr/include/valgrind/callgrind.h ]] \
        || die "INSTRUCTIONS=1 needs valgrind and gcc (apt-get install valgrind gcc)"
    gcc -shared -fPIC -O2 -o "$logdir/callgrind_shim.so" "$REPO/scripts/callgrind_shim.c"
    export COOP_CALLGRIND_SHIM="$logdir/callgrind_shim.so" COOP_CALLGRIND_OUT="$logdir/callgrind.out"
    export PYTHONHASHSEED=0
    runner=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$COOP_CALLGRIND_OUT" "$VENV/bin/python")
    benches=coop_order_routing.bench.bench_routing
    say "Counting instructions under callgrind (log: $logdir/shell.log)"
fi
# shellcheck disable=SC2046
"${runner[@]}" "$ODOO_SRC/odoo-bin" shell $(odoo_opts) -d "$db" --no-http --log-level=warn <<PY 2>"$logdir/shell.log"
import importlib
for name in """$benches""".split():
    module = importlib.import_module("odoo.addons." + name)
    print("# " + name, flush=True)
    module.run(env, "http://127.0.0.1:$port")
    env.cr.rollback()
PY
