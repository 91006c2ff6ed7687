// Shared jest settings: @swc/jest compiles TypeScript to CommonJS (about 10x faster than ts-jest with type
// checking; types are checked by the separate `typecheck` task).
const path = require('node:path');

// One wasm thread per test process: turbo runs two packages' tests at once on this 2-core machine, and a
// threaded backend per process would only oversubscribe the cores (threaded-wasm-backend.test.ts asks for 2).
process.env.AVALANCHE_WASM_THREADS ??= '1';

/** @param {string} packageDir */
module.exports = function jestPreset(packageDir) {
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    // Tests use the sources of sibling packages, so no build is needed before `jest`.
    moduleNameMapper: {
      '^@avalanche-ts/([a-z-]+)/(testing|node)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
      '^@avalanche-ts/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testTimeout: 120000,
  };
};
