// Each workspace package may depend only on packages of a strictly lower rank (shared/design.md).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const RANKS = {
  '@avalanche-ts/core': 0,
  '@avalanche-ts/benchmarks': 1,
  '@avalanche-ts/models': 1,
  '@avalanche-ts/loggers': 1,
  '@avalanche-ts/training': 2,
  '@avalanche-ts/evaluation': 2,
  '@avalanche-ts/cli': 3,
};
const PRIVATE_RANK = 4;

const root = new URL('..', import.meta.url).pathname;
const problems = [];
for (const group of ['packages', 'examples']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const entry of readdirSync(dir)) {
    const file = join(dir, entry, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const rank = RANKS[pkg.name] ?? (pkg.private ? PRIVATE_RANK : undefined);
    if (rank === undefined) {
      problems.push(`${pkg.name}: no rank assigned (add it to scripts/check-ranks.mjs)`);
      continue;
    }
    const deps = {
      ...pkg.dependencies,
      ...pkg.peerDependencies,
      ...pkg.optionalDependencies,
      ...(rank < PRIVATE_RANK ? pkg.devDependencies : {}),
    };
    for (const dep of Object.keys(deps)) {
      if (!dep.startsWith('@avalanche-ts/')) continue;
      const depRank = RANKS[dep];
      if (depRank === undefined) problems.push(`${pkg.name} -> ${dep}: unknown package`);
      else if (depRank >= rank) problems.push(`${pkg.name} (rank ${rank}) -> ${dep} (rank ${depRank}): must point to a lower rank`);
    }
  }
}
if (problems.length > 0) {
  console.error('Rank check failed:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log('Rank check passed: every package depends only on lower ranks.');
