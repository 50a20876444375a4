import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runBenchmarks, settingsFor } from './benchmarks.js';
import { funnelReportRows, measureFunnelReport } from './funnel-report.js';
import { machine, markdown, rows, table } from './report.js';

function repoRoot(): string {
  const here = fileURLToPath(import.meta.url);
  return here.includes('/dist/test/') ? here.slice(0, here.indexOf('/dist/test/')) : here.slice(0, here.indexOf('/test/bench/'));
}

/** `npm run bench [-- --quick] [--scale N] [--no-write]`: runs everything, prints the table, writes BENCHMARKS.md. */
async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const scaleAt = argv.indexOf('--scale');
  const settings = settingsFor(quick, {
    ...(scaleAt >= 0 ? { scale: Number(argv[scaleAt + 1]) } : {}),
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  const results = await runBenchmarks(settings);
  settings.log('funnel report');
  const funnel = funnelReportRows(await (quick ? measureFunnelReport(1_000, 20_000, 2) : measureFunnelReport(10_000, 1_000_000)));
  process.stdout.write(`\n${table([...rows(results), ...funnel])}\n\n${machine()}\n`);
  // Quick mode only proves the benchmark still runs: it never overwrites the real figures.
  if (!quick && !argv.includes('--no-write')) {
    const root = repoRoot();
    const analysisFile = join(root, 'test', 'bench', 'analysis.md');
    const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '';
    writeFileSync(join(root, 'BENCHMARKS.md'), `${markdown(results, analysis)}\n## Manager's view\n\n${table(funnel)}\n`);
    process.stderr.write(`bench: wrote ${join(root, 'BENCHMARKS.md')}\n`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
