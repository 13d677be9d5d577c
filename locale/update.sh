#!/usr/bin/env bash
# Refresh the English catalog after source strings change, then compile it.
#
#   bash locale/update.sh
#
# 1. makemessages adds new msgids to locale/en/LC_MESSAGES/django.po (empty msgstr,
#    or "#, fuzzy" guesses for edited strings) and drops strings no longer used.
# 2. Fill the new msgstr by hand and delete the "#, fuzzy" lines (compilemessages
#    skips fuzzy entries, so those pages would stay in Vietnamese).
# 3. Run this script again to compile django.mo, and commit both .po and .mo:
#    the app serves the committed .mo and never runs compilemessages itself.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-emulation.settings.local}
IGNORE=(--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests)
PO=locale/en/LC_MESSAGES/django.po

"$PY" manage.py makemessages -l en --no-obsolete "${IGNORE[@]}"
"$PY" manage.py compilemessages -l en "${IGNORE[@]}"

# Report what still needs a translator.
if command -v msgattrib >/dev/null; then
  untranslated=$(msgattrib --untranslated --no-obsolete "$PO" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep -c '^msgid ' || true)
  # Each non-empty output also carries the header entry.
  untranslated=$(( untranslated > 0 ? untranslated - 1 : 0 ))
  fuzzy=$(( fuzzy > 0 ? fuzzy - 1 : 0 ))
  echo "$PO: $untranslated untranslated, $fuzzy fuzzy"
  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "Fill them in (and remove '#, fuzzy'), then run this script again." >&2
  fi
fi
