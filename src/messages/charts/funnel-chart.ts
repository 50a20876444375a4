// The funnel chart of the weekly digest, drawn on the server with no browser: a Vega-Lite spec,
// compiled and rendered to SVG by Vega (no canvas needed), then to PNG by resvg (a prebuilt
// binary). Vega, Vega-Lite and resvg are imported when a chart is drawn, not when the bot starts:
// together they take ~0.4 s to load and tens of MB, for a picture drawn once a week.

import type { TopLevelSpec } from 'vega-lite';

export interface FunnelChartInput {
  title: string;
  /** The bars of each stage, in order: e.g. "This week" and "4-week average". */
  series: string[];
  /** Funnel steps in order, each with one value per series. */
  stages: Array<{ label: string; values: number[] }>;
}

/** Blue for the week, amber for the comparison: apart for the colour-blind too, and on white. */
export const SERIES_COLOURS = ['#2563eb', '#f59e0b', '#6b7280'];

const FONTS = 'Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif';

/** The Vega-Lite spec of the chart: one row per stage, a bar per series, its value beside it. */
export function funnelChartSpec(input: FunnelChartInput): TopLevelSpec {
  const values = input.stages.flatMap((stage) => input.series.map((series, i) => ({ stage: stage.label, series, value: stage.values[i] ?? 0 })));
  const top = Math.max(1, ...values.map((v) => v.value));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: input.title, fontSize: 16, anchor: 'start' },
    width: 560,
    height: 56 * input.stages.length,
    background: 'white',
    padding: 16,
    data: { values },
    encoding: {
      y: {
        field: 'stage',
        type: 'nominal',
        sort: input.stages.map((s) => s.label),
        title: null,
        axis: { labelFontSize: 13, labelPadding: 8, ticks: false, domain: false },
      },
      yOffset: { field: 'series', sort: input.series },
      x: { field: 'value', type: 'quantitative', title: 'Trials', scale: { domain: [0, top], nice: true }, axis: { tickMinStep: 1 } },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: input.series, range: SERIES_COLOURS.slice(0, input.series.length) },
        legend: { orient: 'bottom', title: null, labelFontSize: 13 },
      },
    },
    layer: [
      { mark: { type: 'bar', height: { band: 1 } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 }, encoding: { text: { field: 'value', format: '.1~f' } } },
    ],
    config: { font: FONTS, view: { stroke: null } },
  };
}

/**
 * The chart as PNG bytes (twice the spec's size, for sharp text on high-density screens).
 * `systemFonts: false` draws it as a machine with no fonts would: bars and axes, no words.
 */
export async function renderFunnelChart(input: FunnelChartInput, options: { systemFonts?: boolean } = {}): Promise<Buffer> {
  const [vega, vegaLite, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const compiled = vegaLite.compile(funnelChartSpec(input)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG(2);
    // System fonts draw the words; without any (a bare container) the bars and axes still draw.
    const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: options.systemFonts ?? true, defaultFontFamily: 'DejaVu Sans' } })
      .render()
      .asPng();
    return Buffer.from(png);
  } finally {
    view.finalize();
  }
}
