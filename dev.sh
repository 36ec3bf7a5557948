#!/usr/bin/env bash
# Set up the project in .venv and run the desk or the tests: ./dev.sh desk | ./dev.sh test [pytest args]
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}

setup() {
    # Reinstall only when pyproject.toml changed since the last install.
    if [ ! -x .venv/bin/claims ] || [ pyproject.toml -nt .venv/.installed ]; then
        "$PYTHON" -m venv .venv
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e '.[dev,train]'
        touch .venv/.installed
    fi
}

cmd=${1:-desk}
shift || true
case "$cmd" in
    desk)
        setup
        export CLAIMS_DB=${CLAIMS_DB:-$PWD/demo.db}
        .venv/bin/claims ingest claims/samples
        exec .venv/bin/claims review "$@"
        ;;
    test)
        setup
        .venv/bin/ruff check .
        .venv/bin/lint-imports
        exec .venv/bin/python -m pytest -n 2 "$@"
        ;;
    *)
        echo "usage: ./dev.sh desk | ./dev.sh test [pytest args]" >&2
        exit 2
        ;;
esac
