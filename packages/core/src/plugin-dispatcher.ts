import type * as tf from '@tensorflow/tfjs';
import { HOOK_NAMES, type HookName } from './hook-names.js';
import { PluginError } from './plugin-error.js';
import type { NamedGradients, StrategyContext, StrategyControls } from './strategy-context.js';
import type { StrategyPlugin } from './strategy-plugin.js';

/**
 * Calls plugin hooks in order. Each hook's plugin list is computed once, so an unused hook costs one
 * array check; synchronous hooks never touch the microtask queue. A throwing plugin becomes a
 * PluginError naming the plugin and the hook.
 */
export class PluginDispatcher {
  readonly plugins: readonly StrategyPlugin[];
  private readonly byHook: Map<HookName, StrategyPlugin[]>;
  private readonly lossPlugins: StrategyPlugin[];
  private readonly gradientPlugins: StrategyPlugin[];

  constructor(plugins: readonly StrategyPlugin[]) {
    // Stable sort: equal orders keep the order given.
    this.plugins = plugins.map((p, i) => ({ p, i })).sort((a, b) => (a.p.order ?? 0) - (b.p.order ?? 0) || a.i - b.i).map(({ p }) => p);
    this.byHook = new Map();
    for (const hook of HOOK_NAMES) {
      const withHook = this.plugins.filter((p) => typeof p[hook] === 'function');
      if (withHook.length > 0) this.byHook.set(hook, withHook);
    }
    this.lossPlugins = this.plugins.filter((p) => typeof p.lossTerm === 'function');
    this.gradientPlugins = this.plugins.filter((p) => typeof p.editGradients === 'function');
  }

  has(hook: HookName): boolean {
    return this.byHook.has(hook);
  }

  /** Calls `hook` on every plugin that has it. Returns a promise only if some hook was asynchronous. */
  trigger(hook: HookName, context: StrategyContext, controls: StrategyControls): void | Promise<void> {
    const plugins = this.byHook.get(hook);
    if (plugins === undefined) return;
    for (let i = 0; i < plugins.length; i++) {
      const plugin = plugins[i];
      let result: void | Promise<void>;
      try {
        result = plugin[hook]!(context, controls);
      } catch (error) {
        throw wrap(plugin, hook, error);
      }
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        return this.continueAsync(result as Promise<void>, plugin, hook, plugins, i + 1, context, controls);
      }
    }
  }

  private async continueAsync(
    pending: Promise<void>,
    plugin: StrategyPlugin,
    hook: HookName,
    plugins: StrategyPlugin[],
    next: number,
    context: StrategyContext,
    controls: StrategyControls,
  ): Promise<void> {
    try {
      await pending;
    } catch (error) {
      throw wrap(plugin, hook, error);
    }
    for (let i = next; i < plugins.length; i++) {
      try {
        await plugins[i][hook]!(context, controls);
      } catch (error) {
        throw wrap(plugins[i], hook, error);
      }
    }
  }

  /** Sum of every plugin's loss term (inside the gradient closure), or undefined when none adds one. */
  lossTerms(context: StrategyContext): tf.Scalar | undefined {
    let total: tf.Scalar | undefined;
    for (const plugin of this.lossPlugins) {
      let term: tf.Scalar | undefined;
      try {
        term = plugin.lossTerm!(context);
      } catch (error) {
        throw wrap(plugin, 'lossTerm', error);
      }
      if (term !== undefined) total = total === undefined ? term : (total.add(term) as tf.Scalar);
    }
    return total;
  }

  get hasLossTerms(): boolean {
    return this.lossPlugins.length > 0;
  }

  get hasGradientEditors(): boolean {
    return this.gradientPlugins.length > 0;
  }

  /**
   * Passes the gradients through every editor in order. Replaced gradient tensors are freed unless the
   * editor returned them again.
   */
  editGradients(context: StrategyContext, gradients: NamedGradients): NamedGradients {
    let current = gradients;
    for (const plugin of this.gradientPlugins) {
      let edited: NamedGradients | undefined;
      try {
        edited = plugin.editGradients!(context, current);
      } catch (error) {
        throw wrap(plugin, 'editGradients', error);
      }
      if (edited !== undefined && edited !== current) {
        const kept = new Set(Object.values(edited));
        for (const t of Object.values(current)) if (!kept.has(t)) t.dispose();
        current = edited;
      }
    }
    return current;
  }
}

function wrap(plugin: StrategyPlugin, hook: string, error: unknown): PluginError {
  if (error instanceof PluginError) return error;
  return new PluginError(plugin.name, hook, error);
}
