#!/usr/bin/env bash
# The whole test suite: on SQLite, then on PostgreSQL; browser tests in Debian's Chromium on both.
# Outside CI a missing PostgreSQL or Chromium is reported loudly; in CI (CI=true) it fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

need() {  # need WHAT: fail in CI, warn loudly elsewhere
  if [ "${CI:-}" = "true" ] || [ "${TOVHOLDER_REQUIRE_ALL:-}" = "1" ]; then
    echo "FEJL: $1 mangler, og CI kræver den." >&2; exit 1
  fi
  echo "" >&2; echo "!!! ADVARSEL: $1 mangler – den del af testene er IKKE kørt. !!!" >&2; echo "" >&2
  status=3
}

if [ ! -x "${TOVHOLDER_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installerer Debians chromium til browsertestene …"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  fi
fi
browser_args=()
[ -x "${TOVHOLDER_CHROMIUM:-/usr/bin/chromium}" ] || { need "Chromium (/usr/bin/chromium)"; browser_args=(-m "not e2e"); }

# The SSO tests start a real OpenID Connect provider (panva's oidc-provider, tests/idp) on Node.js;
# its packages come from the npm registry, pinned by tests/idp/package-lock.json.
if command -v npm >/dev/null; then
  echo "== Test-IdP'en til SSO-testene: npm ci i tests/idp =="
  (cd tests/idp && npm ci --no-audit --no-fund --loglevel=error)
else
  need "Node.js og npm (test-IdP'en i tests/idp til SSO-testene)"
fi

echo "== Kodekontrol: ruff, mypy og migrationer =="
$BIN/ruff check .
$BIN/mypy  # services, selectors and rules ([tool.mypy] in pyproject.toml)
env -u DATABASE_URL $BIN/python manage.py makemigrations --check --dry-run --verbosity 1

echo "== Testsuiten på SQLite =="
env -u DATABASE_URL $BIN/python -m pytest -n 2 -p no:cacheprovider "${browser_args[@]}" "$@"

PG_URL="${TOVHOLDER_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/tovholder}"
if $BIN/python scripts/pg_ready.py "$PG_URL"; then
  echo "== Testsuiten på PostgreSQL =="
  DATABASE_URL="$PG_URL" $BIN/python -m pytest -n 2 -p no:cacheprovider "${browser_args[@]}" "$@"
else
  need "PostgreSQL ($PG_URL)"
fi
exit $status
