#!/usr/bin/env bash
# Extract the interface's messages from the code into locales/messages.pot, and add new ones to (and mark removed
# ones obsolete in) each language's locales/<lang>/LC_MESSAGES/messages.po. Then translate what is new in the .po
# files (tests/unit/test_i18n.py fails while a Russian translation is missing or fuzzy). The .mo files are built
# by the dashboard at start (desertion/i18n/catalogue.py), never committed.
#   bash scripts/translations.sh            uses .venv/bin/pybabel, else pybabel on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p locales
PYBABEL=${PYBABEL:-$( [ -x .venv/bin/pybabel ] && echo .venv/bin/pybabel || echo pybabel )}
"$PYBABEL" extract -F babel.cfg --sort-output --add-location=file --no-wrap --omit-header \
  --project="Desertion Monitor" -o locales/messages.pot .
for lang in ru en; do
  "$PYBABEL" update -i locales/messages.pot -d locales -l "$lang" --no-wrap --ignore-obsolete --ignore-pot-creation-date --init-missing
done
