# shellcheck shell=bash
# Shared settings and helpers of the project's scripts (sourced, never run).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo-18.0}"
VENV="${VENV:-$HOME/.cache/coop-platform/venv}"
PYTHON="${PYTHON:-python3.11}"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-$(id -un)}"
DEMO_DB="${DEMO_DB:-coop_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"
COOP_ADDONS="coop_gie,coop_order_routing,coop_traceability,coop_website_shop,coop_account"
# Upstream modules of the cached template database (never our own modules).
UPSTREAM_MODULES="base,web,mail,contacts,product,account,l10n_ma,phone_validation,sms,sale_management,sale_stock,purchase_stock,sale_purchase_stock,stock_dropshipping,product_expiry,website_sale,payment_custom,delivery,website_sale_stock,barcodes_gs1_nomenclature,report_xlsx"
LANGS="fr_FR,ar_001"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 2; }

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

addons_path() { echo "$ODOO_SRC/addons,$REPO/addons"; }

# Common Odoo options for every local run: the project's config, overridden for this machine.
odoo_opts() {
    echo "-c $REPO/config/odoo.conf --addons-path=$(addons_path) --data-dir=$HOME/.local/share/coop-platform/filestore --db-filter=.* --workers=0 --max-cron-threads=0"
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

drop_db() {
    if db_exists "$1"; then
        psql -d postgres -qc "DROP DATABASE \"$1\" WITH (FORCE)" >/dev/null
        rm -rf "$HOME/.local/share/coop-platform/filestore/filestore/$1"
    fi
}

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

FILESTORE="$HOME/.local/share/coop-platform/filestore/filestore"

# Name of the cached template database of upstream modules: it changes with the Odoo tree,
# the module list, the languages and the OCA wheels, so a stale template is never reused.
template_name() {
    local key
    key=$( { echo "v6 $ODOO_SRC $UPSTREAM_MODULES $LANGS"; stat -c %Y "$ODOO_SRC/odoo/release.py";
             "$VENV/bin/pip" list --format=freeze 2>/dev/null | grep -i '^odoo-addon'; } | sha1sum | cut -c1-10)
    echo "coop_tmpl_$key"
}

# Build (once) the template: base first, then the company is made Moroccan so that
# account installs the l10n_ma chart, then the upstream modules with their demo data.
ensure_template() {
    local tmpl
    tmpl=$(template_name)
    db_exists "$tmpl" && { echo "$tmpl"; return; }
    # One builder at a time on this machine; the others wait for its result.
    mkdir -p "$HOME/.cache/coop-platform"
    exec 9>"$HOME/.cache/coop-platform/template.lock"
    flock 9
    db_exists "$tmpl" && { flock -u 9; echo "$tmpl"; return; }
    say "Building template database $tmpl of upstream modules (once, a few minutes)"
    local part="${tmpl}_part" log="$REPO/.cache/logs/$tmpl.log"
    mkdir -p "$(dirname "$log")"
    drop_db "$part"
    # shellcheck disable=SC2046
    odoo_bin $(odoo_opts) -d "$part" -i base --load-language="$LANGS" --stop-after-init \
        --log-level=warn >"$log" 2>&1 || { tail -40 "$log" >&2; die "installing base failed (log: $log)"; }
    # Before account is installed, so that it loads the Moroccan chart (l10n_ma) in MAD.
    psql -d "$part" -q >/dev/null <<'SQL'
UPDATE res_partner SET country_id = (SELECT id FROM res_country WHERE code = 'MA')
 WHERE id = (SELECT partner_id FROM res_company WHERE id = 1);
UPDATE res_currency SET active = TRUE WHERE name = 'MAD';
UPDATE res_company SET currency_id = (SELECT id FROM res_currency WHERE name = 'MAD') WHERE id = 1;
SQL
    # shellcheck disable=SC2046
    odoo_bin $(odoo_opts) -d "$part" -i l10n_ma --stop-after-init \
        --log-level=warn >>"$log" 2>&1 || { tail -40 "$log" >&2; die "installing l10n_ma failed (log: $log)"; }
    # Only what is not installed yet: -i on an installed module reloads its demo data,
    # which fails for mail and then leaves every later module without demo data.
    local remaining
    remaining=$(psql -d "$part" -tAc "SELECT string_agg(m, ',') FROM unnest(string_to_array('$UPSTREAM_MODULES', ',')) m
                                    WHERE m NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')")
    # shellcheck disable=SC2046
    odoo_bin $(odoo_opts) -d "$part" -i "$remaining" --stop-after-init \
        --log-level=warn >>"$log" 2>&1 || { tail -40 "$log" >&2; die "installing upstream modules failed (log: $log)"; }
    # Upstream demo data moves the main company back to the US and to USD: it is the GIE's,
    # in Morocco, keeping its books in MAD (it has no journal item yet, checked below).
    psql -d "$part" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM account_move_line WHERE company_id = 1) THEN
    RAISE EXCEPTION 'the main company already has journal items';
  END IF;
END $$;
UPDATE res_partner SET country_id = (SELECT id FROM res_country WHERE code = 'MA')
 WHERE id = (SELECT partner_id FROM res_company WHERE id = 1);
UPDATE res_currency SET active = TRUE WHERE name = 'MAD';
UPDATE res_company SET currency_id = (SELECT id FROM res_currency WHERE name = 'MAD') WHERE id = 1;
SQL
    psql -d postgres -qc "ALTER DATABASE \"$part\" RENAME TO \"$tmpl\"" >/dev/null
    if [[ -d "$FILESTORE/$part" ]]; then rm -rf "${FILESTORE:?}/$tmpl"; mv "$FILESTORE/$part" "$FILESTORE/$tmpl"; fi
    flock -u 9
    echo "$tmpl"
}

# Copy the template into a new database (with its filestore).
clone_template() {
    local tmpl="$1" db="$2"
    drop_db "$db"
    psql -d postgres -qc "CREATE DATABASE \"$db\" TEMPLATE \"$tmpl\"" >/dev/null
    if [[ -d "$FILESTORE/$tmpl" ]]; then mkdir -p "$FILESTORE"; cp -a "$FILESTORE/$tmpl" "$FILESTORE/$db"; fi
}
