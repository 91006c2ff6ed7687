// @avalanche-ts/training/node: the parts that need Node's file system.
export { saveCheckpoint, loadCheckpoint, maybeLoadCheckpoint } from './checkpoint-file.js';
