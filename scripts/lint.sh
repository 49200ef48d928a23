#!/usr/bin/env bash
# pre-commit with local hooks (ruff, pylint-odoo) from the project's virtualenv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$VENV/bin:$PATH" PRE_COMMIT_HOME="$HOME/.cache/coop-platform/pre-commit"
cd "$REPO"
pre-commit run --all-files --show-diff-on-failure
