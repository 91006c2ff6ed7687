import { join, resolve } from 'node:path';
import { ValidationError } from '@avalanche-ts/core';
import { parseList, type CliIO, type Command, type ParsedArgs } from './command.js';
import { resolveExperimentConfig } from './experiment-config.js';
import { describeConfig, executeExperiment, TABLE_NOTE, type ExecutedExperiment } from './execute-experiment.js';
import { applyOverrides, flagArgs, OVERRIDE_FLAGS, type CliContext } from './run-command.js';
import { RESULTS_SUITE, SPLIT_MNIST_EXTRA_STRATEGIES, SUITE_STRATEGIES, suiteConfig } from './results-suite.js';
import { createRunFolder, displayPath, packageVersions, writeFileAtomic } from './run-folder.js';

/** `avalanche-ts results`: the release results suite, one Markdown file with every table. */
export function resultsCommand(context: CliContext): Command {
  return {
    name: 'results',
    summary: 'Run the results suite (SplitMNIST, PermutedMNIST, SplitFMNIST x the strategies) and write one results table.',
    usage: 'results [--only split-mnist,...] [--markdown RESULTS.md] [--quick] [options]',
    details: [
      `Benchmarks: ${RESULTS_SUITE.map((e) => `${e.id} (${e.title})`).join('; ')}.`,
      `Every strategy registered among ${SUITE_STRATEGIES.map((s) => s.name).join(', ')} runs on each benchmark, and`,
      `${SPLIT_MNIST_EXTRA_STRATEGIES.map((s) => s.name).join(', ')} on split-mnist, with the hyper-parameters of results-suite.ts;`,
      '1 seed and 1 epoch per experience by default.',
    ].join('\n'),
    flags: {
      only: { type: 'string', value: '<ids>', description: `run only these suite entries (${RESULTS_SUITE.map((e) => e.id).join(', ')})` },
      markdown: { type: 'string', value: '<file>', description: 'also write the combined results table to this file' },
      quick: { type: 'boolean', description: 'smoke run: 50 train and 50 test samples per class' },
      ...OVERRIDE_FLAGS,
    },
    maxPositionals: 0,
    async run(args: ParsedArgs, io: CliIO): Promise<number> {
      const ids = typeof args.flags.only === 'string' ? parseList(args.flags.only) : RESULTS_SUITE.map((e) => e.id);
      for (const id of ids) {
        if (!RESULTS_SUITE.some((e) => e.id === id)) throw new ValidationError(`--only: unknown suite entry ${JSON.stringify(id)}; allowed: ${RESULTS_SUITE.map((e) => e.id).join(', ')}`);
      }
      const registries = await context.getRegistries();
      const quick = args.flags.quick === true;
      const started = Date.now();
      const sections: string[] = [];
      let suiteDir: string | undefined;
      let backend = '';
      for (const entry of RESULTS_SUITE.filter((e) => ids.includes(e.id))) {
        const { config: raw, missing } = suiteConfig(entry, registries.strategies.names(), quick);
        const config = resolveExperimentConfig(applyOverrides(raw, args.flags), registries, `results suite entry ${entry.id}`);
        suiteDir ??= createRunFolder(config.output, quick ? 'results-quick' : 'results', context.now, io.cwd);
        io.err(`\n== ${entry.title}\n`);
        const executed: ExecutedExperiment = await executeExperiment(
          { ...config, output: suiteDir },
          { io, registries, resolvePackageJson: context.resolvePackageJson, command: ['results', ...flagArgs(args)], now: context.now },
        );
        backend = `${executed.backend.active} (${executed.backend.reason})`;
        const minutes = executed.runs.reduce((a, r) => a + r.result.seconds, 0) / 60;
        sections.push(
          [
            `## ${entry.title}`,
            '',
            describeConfig(config),
            '',
            executed.markdown,
            `Strategies not run (not registered): ${missing.length > 0 ? missing.join(', ') : 'none'}. Training + evaluation time: ${minutes.toFixed(1)} min. Run folder: ${displayPath(io.cwd, executed.runDir)}`,
            '',
          ].join('\n'),
        );
      }
      const wallMinutes = (Date.now() - started) / 60000;
      const versions = packageVersions(context.resolvePackageJson);
      const header = [
        `# avalanche-ts results${quick ? ' (quick smoke run: 50 samples per class; not comparable)' : ''}`,
        '',
        `Generated ${new Date().toISOString()} by \`avalanche-ts ${['results', ...flagArgs(args)].join(' ')}\` in ${wallMinutes.toFixed(1)} minutes (wall clock).`,
        `Backend: ${backend}. Node ${process.version}. Packages: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
        '',
        TABLE_NOTE,
        '',
      ].join('\n');
      const markdown = `${header}\n${sections.join('\n')}`;
      const file = join(suiteDir!, 'RESULTS.md');
      writeFileAtomic(file, markdown);
      if (typeof args.flags.markdown === 'string') writeFileAtomic(resolve(io.cwd, args.flags.markdown), markdown);
      io.out(`\n${markdown}\nResults: ${displayPath(io.cwd, file)}${typeof args.flags.markdown === 'string' ? ` and ${args.flags.markdown}` : ''}; the suite took ${wallMinutes.toFixed(1)} minutes.\n`);
      return 0;
    },
  };
}
