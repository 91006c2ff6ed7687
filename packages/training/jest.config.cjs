// Two workers: training's suite is the workspace's longest (real-data strategy tests), and it keeps
// running alone after the other packages' suites have finished.
module.exports = { ...require('../../jest.preset.cjs')(__dirname), maxWorkers: 2 };
