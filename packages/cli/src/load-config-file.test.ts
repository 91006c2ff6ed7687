import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@avalanche-ts/core';
import { loadConfigFile } from './load-config-file.js';

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avalanche-cli-config-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  it('reads YAML and JSON into the same object', () => {
    const yaml = write('a.yaml', 'benchmark: splitMNIST\nstrategy:\n  name: replay\n  options: { memSize: 100 }\nseeds: [0, 1]\n');
    const json = write('a.json', JSON.stringify({ benchmark: 'splitMNIST', strategy: { name: 'replay', options: { memSize: 100 } }, seeds: [0, 1] }));
    expect(loadConfigFile(yaml, dir)).toEqual(loadConfigFile(json, dir));
    expect(loadConfigFile(write('b.yml', 'model: mlp\n'), dir)).toEqual({ model: 'mlp' });
  });

  it('names the file and the problem', () => {
    expect(() => loadConfigFile('missing.yaml', dir)).toThrow(/config file missing\.yaml: no such file \(looked at .*missing\.yaml\)/);
    expect(() => loadConfigFile(write('c.toml', ''), dir)).toThrow('config file c.toml: unknown extension ".toml"; allowed: .json, .yaml, .yml');
    expect(() => loadConfigFile(write('d.json', '{"a": 1,,}'), dir)).toThrow(/config file d\.json: not valid JSON: /);
    expect(() => loadConfigFile(write('e.yaml', 'a: [1, 2\n'), dir)).toThrow(/config file e\.yaml: not valid YAML: /);
    expect(() => loadConfigFile(write('f.yaml', '- 1\n- 2\n'), dir)).toThrow('config file f.yaml: expected an object of fields (benchmark, model, strategy, ...), got a list');
    expect(() => loadConfigFile('missing.yaml', dir)).toThrow(ValidationError);
  });
});
