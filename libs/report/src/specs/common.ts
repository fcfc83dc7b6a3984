import type { Config } from 'vega-lite';

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look; `labelLimit` is generous because env names like `virtiofs-always-dax-node0` are long. */
export const CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelLimit: 260, titleFontWeight: 'normal' },
  legend: { labelLimit: 400, titleFontWeight: 'bold' },
  header: { labelFontWeight: 'bold', titleFontWeight: 'normal' },
  title: { anchor: 'start', subtitleColor: '#555' },
};

/** A tooltip entry; vega-tooltip escapes what it shows. */
export const tip = (field: string, title: string) => ({ field, type: 'nominal' as const, title });

/** Offset band width that keeps a facet cell readable from 1 to 20+ configurations, px. */
export function offsetStep(slots: number, target = 170): number {
  return Math.max(7, Math.min(28, Math.round(target / Math.max(1, slots))));
}

/** Colour by configuration: the given env order and the layout's palette, one legend for all panels. */
export function configurationColor(labels: readonly string[], palette: readonly string[]) {
  return {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: [...labels], range: [...palette] },
    // Many configurations: the legend goes above the charts in columns rather than widening them.
    legend: labels.length > 12
      ? { title: 'configuration', symbolType: 'square', orient: 'top' as const, columns: 4 }
      : { title: 'configuration', symbolType: 'square', columns: 1 },
  };
}
