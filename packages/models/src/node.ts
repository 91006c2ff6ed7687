// @avalanche-ts/models/node: Node-only helpers (file system), kept out of the browser entry.
export { fileSystemHandler } from './file-system-handler.js';
