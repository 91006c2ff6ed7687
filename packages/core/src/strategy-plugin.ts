import type * as tf from '@tensorflow/tfjs';
import type { HookName } from './hook-names.js';
import type { StateDict } from './state-dict.js';
import type { NamedGradients, StrategyContext, StrategyControls } from './strategy-context.js';

/** A hook: may be synchronous (fast path) or return a promise the template awaits. */
export type HookFunction = (context: StrategyContext, controls: StrategyControls) => void | Promise<void>;

/** One optional function per hook name; a misspelled hook fails to compile. */
export type StrategyHooks = { readonly [K in HookName]?: HookFunction };

/**
 * A plugin: a plain object or class instance with optional hooks. No base class is required.
 * Plugins run in ascending `order` (default 0), ties in the order given.
 */
export interface StrategyPlugin extends StrategyHooks {
  readonly name: string;
  readonly order?: number;
  /**
   * Extra loss term for the current training minibatch (EWC, SI, LwF, MAS penalties). Runs synchronously
   * inside the gradient closure, so whatever it returns is differentiated; `context.mbOutput` is the
   * closure's output. Return undefined to add nothing.
   */
  lossTerm?(context: StrategyContext): tf.Scalar | undefined;
  /**
   * Edits gradients between computing and applying them (A-GEM, GEM projections). Return new gradients
   * (the template frees the ones replaced) or undefined to keep them.
   */
  editGradients?(context: StrategyContext, gradients: NamedGradients): NamedGradients | undefined;
  /** The plugin's state for checkpoints (buffers, importance matrices, teacher weights). */
  stateDict?(): StateDict | Promise<StateDict>;
  /** Restores what `stateDict` returned. */
  loadStateDict?(state: StateDict): void | Promise<void>;
  /** Frees every tensor the plugin keeps. */
  dispose?(): void;
}

export type { StrategyControls };
