import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { driveLogger, fakeRun } from './fake-run.fixture.js';
import * as loggers from './index.js';

// The main entry must run in a browser: walk its relative imports and reject Node built-ins and the
// Node-only packages (the `./node` subpath holds those).
const NODE_ONLY = /^(node:|fs$|path$|os$|zlib$|child_process$|cli-progress$|@resvg\/resvg-js$|playwright-core$)/;

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => m[1]);
}

describe('the main entry', () => {
  it('reaches no Node-only module', () => {
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('./')) visit(join(__dirname, spec.replace(/\.js$/, '.ts')));
        else if (NODE_ONLY.test(spec)) offending.push(`${file}: ${spec}`);
      }
    };
    visit(join(__dirname, 'index.ts'));
    expect(seen.size).toBeGreaterThan(15);
    expect(offending).toEqual([]);
  });

  it('exports the browser-safe loggers', () => {
    for (const name of ['TextLogger', 'InteractiveLogger', 'CsvLogger', 'JsonLinesLogger', 'InMemoryLogger', 'TensorBoardLogger', 'buildReportData', 'renderReportHtml']) {
      expect(typeof (loggers as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('has loggers that create and keep no tensors', async () => {
    const all = [
      new loggers.InteractiveLogger({ write: () => {} }),
      new loggers.CsvLogger({ write: () => {} }),
      new loggers.JsonLinesLogger({ write: () => {} }),
      new loggers.TensorBoardLogger({ write: () => {} }),
      new loggers.InMemoryLogger(),
    ];
    const leaked = await countTensorsAfter(async () => {
      for (const logger of all) await driveLogger(logger, fakeRun({ taskIncremental: true }));
      loggers.runEnvironment();
    });
    expect(leaked).toBe(0);
  });
});
