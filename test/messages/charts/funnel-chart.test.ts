import { existsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { weekOf } from '../../../src/core/funnel-weeks.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { renderFunnelChart, SERIES_COLOURS, type FunnelChartInput } from '../../../src/messages/charts/funnel-chart.js';
import { weeklyDigestChart } from '../../../src/messages/slack/weekly-digest.js';
import { loadWeeklyDigest } from '../../../src/stores/views/weekly-digest-view.js';
import { seedFunnel } from '../../bench/funnel-report.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/weekly-digest.png', import.meta.url));

const input: FunnelChartInput = {
  title: 'Trial funnel, Mon 7 Dec – Sun 13 Dec',
  series: ['This week', '4-week average'],
  stages: [
    { label: 'Signups', values: [14, 11.25] },
    { label: 'Qualified', values: [9, 8] },
    { label: 'Instance ready', values: [8, 6.5] },
    { label: 'Activated', values: [5, 4.75] },
    { label: 'Converted', values: [1, 1.25] },
  ],
};

function hex(rgb: string): string {
  return `#${rgb
    .split(',')
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Pixels per colour of a decoded PNG. */
function colours(bytes: Buffer): { width: number; height: number; counts: Map<string, number> } {
  const png = PNG.sync.read(bytes);
  const counts = new Map<string, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = hex(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { width: png.width, height: png.height, counts };
}

describe('the funnel chart', () => {
  it('is a PNG twice the spec’s size, on white, with each series’ bars in its colour and the words in dark ink', async () => {
    const { width, height, counts } = colours(await renderFunnelChart(input));
    // 560 wide plus axis labels and padding, 56 per stage plus title and legend; × 2.
    expect(width).toBeGreaterThan(1200);
    expect(height).toBeGreaterThan(5 * 56 * 2);
    const white = counts.get('#ffffff') ?? 0;
    expect(white / (width * height)).toBeGreaterThan(0.4);
    // A 14-trial bar is 560 × 14/14 wide at most, a band's half tall: thousands of pixels each.
    expect(counts.get(SERIES_COLOURS[0]!) ?? 0).toBeGreaterThan(20_000);
    expect(counts.get(SERIES_COLOURS[1]!) ?? 0).toBeGreaterThan(20_000);
    // Text: dark pixels (title, labels) beyond the two bar colours and white.
    const dark = [...counts].filter(([c]) => parseInt(c.slice(1, 3), 16) < 80 && parseInt(c.slice(3, 5), 16) < 80 && parseInt(c.slice(5, 7), 16) < 80);
    expect(dark.reduce((n, [, k]) => n + k, 0)).toBeGreaterThan(2000);
    expect(counts.size).toBeGreaterThan(10);
  });

  it('still draws its bars where no font is installed', async () => {
    const withFonts = colours(await renderFunnelChart(input));
    const bare = colours(await renderFunnelChart(input, { systemFonts: false }));
    expect([bare.width, bare.height]).toEqual([withFonts.width, withFonts.height]);
    for (const colour of SERIES_COLOURS.slice(0, 2)) {
      // The same bars: only the text (which may overlap a bar's value label) is missing.
      expect(bare.counts.get(colour) ?? 0).toBeGreaterThan((withFonts.counts.get(colour) ?? 0) * 0.9);
    }
  });

  it('draws the README’s picture from a realistic month (UPDATE_FIXTURES=1 writes test/fixtures/weekly-digest.png)', async () => {
    const db = openDatabase(':memory:');
    const now = new Date('2026-12-14T08:00:00Z');
    const zone = 'Europe/Berlin';
    seedFunnel(db, { trials: 260, events: 12_000, now, weeks: 5, seed: 7 });
    const chart = weeklyDigestChart(loadWeeklyDigest(db, weekOf(new Date('2026-12-07T12:00:00Z'), zone), zone, now));
    db.close();
    expect(chart.title).toBe('Trial funnel, Mon 7 Dec – Sun 13 Dec');
    expect(chart.series).toEqual(['This week', '4-week average']);
    const png = await renderFunnelChart(chart);
    if (process.env.UPDATE_FIXTURES) writeFileSync(FIXTURE, png);
    expect(existsSync(FIXTURE)).toBe(true);
    const fixture = colours(await readFile(FIXTURE));
    const fresh = colours(png);
    expect([fixture.width, fixture.height]).toEqual([fresh.width, fresh.height]);
    expect(fixture.counts.get(SERIES_COLOURS[0]!) ?? 0).toBeGreaterThan(20_000);
  });
});
