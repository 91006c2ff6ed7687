import { AvalancheError } from './avalanche-error.js';
import { DatasetError, ValidationError } from './errors.js';
import { PluginError } from './plugin-error.js';

describe('AvalancheError', () => {
  it('has stable names and keeps its cause', () => {
    const cause = new Error('disk full');
    const e = new DatasetError('cannot read x.idx', { cause });
    expect(e.name).toBe('DatasetError');
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(Error);
  });

  it('isInstance recognises errors from another copy of core by marker and name', () => {
    const foreign = Object.assign(new Error('x'), { name: 'DatasetError', [Symbol.for('avalanche-ts.error')]: true });
    expect(AvalancheError.isInstance(foreign)).toBe(true);
    expect(DatasetError.isInstance(foreign)).toBe(true);
    expect(ValidationError.isInstance(foreign)).toBe(false);
    expect(AvalancheError.isInstance(new Error('plain'))).toBe(false);
    expect(AvalancheError.isInstance(null)).toBe(false);
  });

  it('PluginError names plugin and hook', () => {
    const e = new PluginError('replay', 'afterTrainingExp', new Error('boom'));
    expect(e.message).toBe('plugin "replay" failed in hook "afterTrainingExp": boom');
    expect(PluginError.isInstance(e)).toBe(true);
  });
});
