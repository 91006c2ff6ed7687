import * as tf from '@tensorflow/tfjs';

/**
 * Facts about where a run ran, for the report: TensorFlow.js version and backend, and the runtime (Node
 * version, platform, CPUs, or the browser's user agent). Reads globals only, so it works in a browser.
 */
export function runEnvironment(): Record<string, string> {
  const env: Record<string, string> = { 'tfjs version': tf.version.tfjs };
  // The engine's current backend, without initialising one (tf.getBackend() would pick and start one).
  env['tfjs backend'] = tf.engine().backendName ?? 'not initialised';
  const g = globalThis as {
    process?: { versions?: { node?: string }; platform?: string; arch?: string };
    navigator?: { userAgent?: string; hardwareConcurrency?: number };
  };
  if (g.process?.versions?.node !== undefined) {
    env.runtime = `Node ${g.process.versions.node}`;
    env.platform = `${g.process.platform ?? '?'} ${g.process.arch ?? '?'}`;
  } else if (g.navigator?.userAgent !== undefined) {
    env.runtime = g.navigator.userAgent;
  }
  if (g.navigator?.hardwareConcurrency !== undefined) env.cpus = String(g.navigator.hardwareConcurrency);
  return env;
}
