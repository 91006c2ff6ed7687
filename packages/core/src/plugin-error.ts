import { AvalancheError } from './avalanche-error.js';

/** A plugin threw inside a hook; names the plugin and the hook, and keeps the original error as `cause`. */
export class PluginError extends AvalancheError {
  override name = 'PluginError';

  constructor(
    readonly pluginName: string,
    readonly hook: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`plugin "${pluginName}" failed in hook "${hook}": ${reason}`, { cause });
  }
}
