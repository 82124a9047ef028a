#!/usr/bin/env bash
# Production mode on this machine: checks, migrations, static files, then gunicorn + task worker
# under ops/supervise.py, which restarts whichever of them dies. Called by `make prod`; see
# docs/operations.md (and ops/systemd/ for the same as systemd units).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG=0
missing=()
for name in SECRET_KEY DATABASE_URL REDIS_URL SITE_URL; do
  [[ -n "${!name:-}" ]] || missing+=("$name")
done
if (( ${#missing[@]} )); then
  echo "ops/prod.sh: set ${missing[*]} first (example in docs/operations.md)." >&2
  exit 2
fi
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "ops/prod.sh: production mode expects PostgreSQL in DATABASE_URL." >&2; exit 2 ;;
esac

PY=.venv/bin/python
$PY manage.py check --deploy --fail-level "${CHECK_FAIL_LEVEL:-WARNING}"
$PY manage.py migrate --no-input -v 0
$PY manage.py collectstatic --no-input -v 0
exec $PY ops/supervise.py --procfile ops/Procfile
