#!/usr/bin/env bash
# Idempotent set-up of everything `make run` / `make test` need on this machine:
# the Odoo tree, system packages, the virtualenv with its requirements, PostgreSQL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"

ensure_odoo_src() {
    if [[ -f "$ODOO_SRC/odoo-bin" && -f "$ODOO_SRC/odoo/release.py" ]]; then
        grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" \
            || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 tree. Point ODOO_SRC at an Odoo 18.0 Community source tree."
        return
    fi
    say "No Odoo tree at $ODOO_SRC: trying to fetch the official 18.0 source"
    if command -v git >/dev/null && timeout 600 git clone --quiet --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_SRC.part" 2>/dev/null; then
        mv "$ODOO_SRC.part" "$ODOO_SRC"
        return
    fi
    rm -rf "$ODOO_SRC.part"
    die "No Odoo 18.0 source tree at $ODOO_SRC and it could not be downloaded.
       Fix: put an Odoo 18.0 Community tree there (it must contain odoo-bin), e.g.
         git clone --depth 1 --branch 18.0 $ODOO_GIT_URL $ODOO_SRC
       or run with ODOO_SRC=/path/to/odoo-18.0."
}

ensure_system_packages() {
    local wanted=(chromium wkhtmltopdf fonts-noto-core libpq-dev libzbar0 poppler-utils postgresql-client) missing=()
    command -v dpkg-query >/dev/null || return 0
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "Installing system packages: ${missing[*]}"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null \
            || say "WARNING: apt-get could not install ${missing[*]}"
    else
        say "WARNING: missing system packages (${missing[*]}); install them with your package manager"
    fi
}

ensure_venv() {
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found. Fix: install Python 3.11 (or set PYTHON=/path/to/python3.11)."
    local stamp="$VENV/.coop-stamp" want
    want=$(cat "$REPO/requirements.txt" "$ODOO_SRC/requirements.txt" <(echo "$ODOO_SRC") | sha1sum | cut -c1-16)
    [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
    say "Preparing the virtualenv in $VENV (once per requirements change)"
    [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
    local constraint="$VENV/build-constraints.txt"
    # cbor2 5.4.2 (Odoo's pin) builds with pkg_resources, gone from recent setuptools.
    echo "setuptools<70" >"$constraint"
    export PIP_BUILD_CONSTRAINT="$constraint" PIP_CONSTRAINT="$constraint" PIP_DISABLE_PIP_VERSION_CHECK=1
    "$VENV/bin/pip" install -q "setuptools<70" wheel
    # python-ldap needs LDAP headers and serves only auth_ldap, which the suite does not use.
    grep -v '^python-ldap' "$ODOO_SRC/requirements.txt" >"$VENV/odoo-requirements.txt"
    "$VENV/bin/pip" install -q -r "$VENV/odoo-requirements.txt"
    # compat mode: OCA wheels install into site-packages/odoo/addons without shadowing the tree.
    "$VENV/bin/pip" install -q --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat
    "$VENV/bin/pip" install -q -r "$REPO/requirements.txt"
    echo "$want" >"$stamp"
}

ensure_rtlcss() {
    # Odoo builds the right-to-left stylesheets of Arabic pages with rtlcss (npm).
    command -v rtlcss >/dev/null && return 0
    if command -v npm >/dev/null; then
        say "Installing rtlcss (right-to-left CSS for Arabic) with npm"
        npm install -g --silent rtlcss@4 >/dev/null 2>&1 || say "WARNING: npm could not install rtlcss"
    else
        say "WARNING: rtlcss missing and no npm: Arabic pages will lack their RTL styles (apt-get install npm)"
    fi
}

ensure_postgres() {
    command -v pg_isready >/dev/null || die "PostgreSQL client tools not found. Fix: apt-get install postgresql-client (and a PostgreSQL 14+ server)."
    pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
    if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
        local v
        for v in /etc/postgresql/*/main; do
            v=${v#/etc/postgresql/}; v=${v%/main}
            say "PostgreSQL does not answer: starting local cluster $v/main"
            pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
        done
        for _ in $(seq 1 20); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" \
        || die "PostgreSQL does not answer on $PGHOST:$PGPORT. Fix: start it (e.g. pg_ctlcluster 15 main start) or set PGHOST/PGPORT/PGUSER."
    psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1 \
        || die "PostgreSQL answers but role '$PGUSER' cannot connect. Fix: createuser -s $PGUSER (as postgres) or set PGUSER/PGPASSWORD."
}

ensure_odoo_src
ensure_system_packages
ensure_rtlcss
ensure_venv
ensure_postgres
