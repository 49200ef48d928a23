#!/usr/bin/env bash
# Regenerate i18n/<addon>.pot and merge it into fr.po and ar.po for our addons
# (all of them, or those given as arguments). Translations already made are kept.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

addons=("$@")
((${#addons[@]})) || IFS=, read -ra addons <<<"$COOP_ADDONS"
tmpl=$(ensure_template)
db="coop_i18n_$$"
trap 'drop_db "$db"' EXIT
clone_template "$tmpl" "$db"
log="$REPO/.cache/logs/$db.log"
# shellcheck disable=SC2046
odoo_bin $(odoo_opts) -d "$db" -i "$(IFS=,; echo "${addons[*]}")" --stop-after-init --log-level=warn >"$log" 2>&1 \
    || { tail -30 "$log" >&2; die "installing ${addons[*]} failed (log: $log)"; }
# shellcheck disable=SC2046
"$VENV/bin/python" "$REPO/scripts/i18n_export.py" $(odoo_opts) -d "$db" -- "${addons[@]}"
