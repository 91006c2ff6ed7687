import { runEnvironment } from './run-environment.js';

describe('runEnvironment', () => {
  it('names the tfjs version and the Node runtime without starting a backend', () => {
    const env = runEnvironment();
    expect(env['tfjs version']).toMatch(/^4\.22\./);
    expect(env.runtime).toBe(`Node ${process.versions.node}`);
    expect(env.platform).toBe(`${process.platform} ${process.arch}`);
    expect(typeof env['tfjs backend']).toBe('string');
  });
});
