#!/usr/bin/env bash
# Drop the demo database; the next `make run` builds it again.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
drop_db "$DEMO_DB"
rm -f "$HOME/.cache/coop-platform/$DEMO_DB.addons-stamp"
say "Dropped $DEMO_DB"
