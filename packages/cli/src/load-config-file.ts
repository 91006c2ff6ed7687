import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '@avalanche-ts/core';

/**
 * Reads an experiment config file: `.json`, or `.yaml` / `.yml`. Returns the raw object (validation is
 * `resolveExperimentConfig`'s job). Errors name the file and, for syntax errors, the line.
 */
export function loadConfigFile(path: string, cwd = process.cwd()): unknown {
  const file = resolve(cwd, path);
  const ext = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) {
    throw new ValidationError(`config file ${path}: unknown extension ${JSON.stringify(ext || '(none)')}; allowed: .json, .yaml, .yml`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new ValidationError(`config file ${path}: ${reason} (looked at ${file})`, { cause: error });
  }
  try {
    const value: unknown = ext === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(`config file ${path}: expected an object of fields (benchmark, model, strategy, ...), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
    }
    return value;
  } catch (error) {
    if (ValidationError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ValidationError(`config file ${path}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${reason}`, { cause: error });
  }
}
