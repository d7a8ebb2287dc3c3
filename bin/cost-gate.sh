#!/usr/bin/env bash
# repatriate's cost gate for a pull or merge request (docs/ci.md): validate the scenario, compute
# it and check its gates, compare it with the base branch's version, and always write the comment.
#
# Environment:
#   SCENARIO    the scenario file to gate (required)
#   GATES       extra gates against the base, one per line, e.g. 'savingsPct>=base-10%'
#   BASE_REF    the git ref whose copy of SCENARIO is the baseline (default origin/main)
#   BASELINE    a saved JSON result or scenario to compare against instead of BASE_REF's copy
#   REPATRIATE  the command to run (default: npx repatriate)
# Writes result.json, summary.md, diff.md and comment.md in the working folder.
# Exits with the worst step: 0 every gate holds, 1 a gate failed, 2 bad input, 3 a bug.
set -uo pipefail
: "${SCENARIO:?set SCENARIO to the scenario file to gate}"
REPATRIATE="${REPATRIATE:-npx repatriate}"
BASE_REF="${BASE_REF:-origin/main}"

status=0
worst() { if [ "$1" -gt "$status" ]; then status=$1; fi; }
base_copy=""
cleanup() { if [ -n "$base_copy" ]; then rm -f "$base_copy"; fi; }
trap cleanup EXIT
rm -f result.json summary.md diff.md comment.md errors.txt
touch summary.md diff.md errors.txt

gates=()
while IFS= read -r g; do if [ -n "$g" ]; then gates+=(--gate "$g"); fi; done <<< "${GATES:-}"

# 1. Validate: every problem of the scenario and its catalogs, in one run.
$REPATRIATE validate "$SCENARIO" >/dev/null 2>>errors.txt
worst $?

# 2. Compute and check the scenario's own gates (percentile gates by its simulation).
if [ "$status" -lt 2 ]; then
  $REPATRIATE calc "$SCENARIO" --format json --out result.json 2>>errors.txt
  worst $?
  $REPATRIATE calc "$SCENARIO" --format markdown --out summary.md 2>/dev/null
  worst $?
fi

# 3. Compare with the baseline: a saved result, or the base branch's copy of the scenario.
if [ "$status" -lt 2 ]; then
  base=""
  if [ -n "${BASELINE:-}" ]; then
    base="$BASELINE"
  elif git cat-file -e "$BASE_REF:$SCENARIO" 2>/dev/null; then
    # Next to the scenario, so that catalog paths relative to it resolve.
    base_copy="$(dirname "$SCENARIO")/.base-$$-$(basename "$SCENARIO")"
    git show "$BASE_REF:$SCENARIO" > "$base_copy"
    base="$base_copy"
  fi
  if [ -n "$base" ]; then
    $REPATRIATE diff "$base" "$SCENARIO" --format markdown --out diff.md "${gates[@]}" 2>>errors.txt
    worst $?
  else
    printf '%s\n' "**New scenario:** \`$SCENARIO\` is not on $BASE_REF yet, so there is nothing to compare it with; the gates against the base were not checked." > diff.md
  fi
fi

# 4. The comment, whatever happened above.
{
  cat summary.md
  echo
  cat diff.md
  if [ -s errors.txt ]; then
    echo
    echo "**repatriate reported** (exit $status):"
    echo
    sed 's/^/    /' errors.txt
  fi
} > comment.md
exit "$status"
