#!/usr/bin/env bash
# The one test command (README, .ci/run): rank check, build, typecheck, lint and every package's jest suite,
# then one summary line that CI counts.
set -uo pipefail
cd "$(dirname "$0")/.."
find packages examples -maxdepth 2 -name .jest-results.json -delete 2>/dev/null
node scripts/check-ranks.mjs || exit 1
pnpm exec turbo run build typecheck lint test --concurrency=2 --continue "$@"
status=$?
node scripts/test-summary.mjs
exit $status
