#!/usr/bin/env bash
# Set up Desertion Monitor on Debian 12 with Debian's own python3, then run the dashboard or the tests.
#
#   bash scripts/setup.sh run  [streamlit options]   Debian packages + .venv with the runtime, then the dashboard
#   bash scripts/setup.sh test [pytest options]      everything the tests need too, then the whole test suite
#
# Idempotent: apt runs only for packages that are missing, the virtual environment (.venv) is reused while the
# requirements files and the Python are unchanged, and `npm ci` reruns only when package-lock.json changes.
# Works as root or as a user with sudo (used for apt-get only). Debian's python refuses `pip install` outside a
# virtual environment (PEP 668), hence .venv. Ubuntu: see docs/deploy.md (its chromium package is a snap).
set -euo pipefail

usage() { echo "usage: bash scripts/setup.sh run|test [options passed to streamlit run / pytest]" >&2; exit 2; }
[ $# -ge 1 ] || usage
mode=$1; shift
case "$mode" in run|test) ;; *) usage ;; esac

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

say() { echo "setup: $*" >&2; }

# Each Debian package with how to tell it is already there (a command or a file, whichever it provides).
missing_packages() {
  local pkg
  for pkg in "$@"; do
    case "$pkg" in
      python3-venv)      "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || echo "$pkg" ;;
      chromium)          [ -x /usr/bin/chromium ] || echo "$pkg" ;;
      fonts-liberation)  [ -d /usr/share/fonts/truetype/liberation ] || echo "$pkg" ;;
      haproxy)           command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || echo "$pkg" ;;
      npm)               command -v npm >/dev/null || echo "$pkg" ;;
      *)                 echo "$pkg" ;;
    esac
  done
}

install_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [ -n "${missing// /}" ] || return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need the Debian packages: $missing (run as root, or install sudo)"; exit 1; }
    sudo="sudo"
  fi
  command -v apt-get >/dev/null || { say "no apt-get: install these yourself: $missing"; exit 1; }
  say "installing Debian packages: $missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null
}

# The virtual environment, reused while the Python behind it and the requirements files are unchanged.
venv_stamp() {  # what the venv was built from, for requirements file $1
  echo "$("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])') $1 $(cat requirements*.txt | sha256sum)"
}

venv_is() { [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.setup-stamp" 2>/dev/null)" = "$(venv_stamp "$1")" ]; }

ensure_venv() {
  local requirements=$1 interpreter
  venv_is "$requirements" && return 0
  interpreter=$("$PYTHON" -c 'import sys; print(sys.executable)')
  if ! "$VENV/bin/python" -c '' 2>/dev/null || [ "$(cat "$VENV/.setup-python" 2>/dev/null)" != "$interpreter" ]; then
    say "creating the virtual environment $VENV with $interpreter"
    "$PYTHON" -m venv --clear "$VENV"
    echo "$interpreter" > "$VENV/.setup-python"
  fi
  say "installing $requirements into $VENV"
  "$VENV/bin/python" -m pip install -q -r "$requirements"
  venv_stamp "$requirements" > "$VENV/.setup-stamp"
}

# npm packages for the tests (axe-core), only when the repo declares some.
ensure_node_modules() {
  [ -f package.json ] || return 0
  local stamp_file=node_modules/.setup-stamp stamp
  [ -f package-lock.json ] || { say "package.json without package-lock.json: npm ci needs the lock file"; exit 1; }
  stamp=$(cat package.json package-lock.json | sha256sum)
  [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] && return 0
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$stamp" > "$stamp_file"
}

if [ "$mode" = run ]; then
  install_packages python3-venv chromium fonts-liberation
  # The test requirements include the runtime: a venv made for the tests serves the dashboard as it is.
  venv_is requirements-dev.txt || ensure_venv requirements.txt
  exec "$VENV/bin/python" -m streamlit run dashboard.py "$@"
fi

packages=(python3-venv chromium fonts-liberation haproxy)
[ -f package.json ] && packages+=(npm)
install_packages "${packages[@]}"
ensure_venv requirements-dev.txt
ensure_node_modules
# Two workers (TEST_WORKERS=0 for one process): the browser layer runs on one of them, in order (tests/conftest.py
# puts it in one xdist group), while the unit and AppTest layers share both.
exec "$VENV/bin/python" -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
