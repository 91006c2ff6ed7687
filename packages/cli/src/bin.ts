#!/usr/bin/env node
// The `avalanche-ts` executable: everything happens in main(); this file only wires the process to it.
import { createRequire } from 'node:module';
import { main } from './main.js';

const require = createRequire(import.meta.url);
main(process.argv.slice(2), { resolvePackageJson: (specifier) => require.resolve(specifier) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
