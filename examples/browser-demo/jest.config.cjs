// The bundling check and the end-to-end test run in Node; the page itself is only built and loaded.
const preset = require('../../jest.preset.cjs')(__dirname);

module.exports = { ...preset, testMatch: ['<rootDir>/test/**/*.test.ts'], testTimeout: 180000 };
