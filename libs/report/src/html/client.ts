/** Id of the `<script type="application/json">` element that carries every chart's spec. */
export const SPECS_ELEMENT_ID = 'sharebench-specs';

/**
 * The page's only script of our own, served as assets/report.js so that the CSP can forbid inline
 * scripts. `ast: true` makes vega evaluate expressions with its interpreter instead of
 * `new Function`, so the CSP needs no 'unsafe-eval'; `defaultStyle: false` and the tooltip's
 * `disableDefaultStyle` stop vega-embed and vega-tooltip from injecting `<style>` elements, whose
 * rules live in assets/report.css instead.
 */
export const CLIENT_SCRIPT = `'use strict';
(function () {
  var specs = JSON.parse(document.getElementById(${JSON.stringify(SPECS_ELEMENT_ID)}).textContent);
  var options = {
    renderer: 'svg',
    ast: true,
    defaultStyle: false,
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { disableDefaultStyle: true, theme: 'light' }
  };
  var charts = document.querySelectorAll('[data-chart]');
  Array.prototype.forEach.call(charts, function (el) {
    var spec = specs[el.getAttribute('data-chart')];
    if (!spec) return;
    el.setAttribute('data-state', 'drawing');
    vegaEmbed(el, spec, options).then(function () {
      el.setAttribute('data-state', 'drawn');
    }).catch(function (err) {
      el.setAttribute('data-state', 'error');
      el.textContent = 'This chart could not be drawn: ' + (err && err.message ? err.message : String(err));
      console.error(err);
    });
  });
})();
`;

export const STYLESHEET = `:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; padding: 0 24px 48px; max-width: 1500px; }
h1 { font-size: 1.6em; margin: 24px 0 4px; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 40px; }
nav a { margin-right: 14px; }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.banner { border: 2px solid #b00020; background: #fdecee; color: #600; padding: 12px 16px; margin: 16px 0; border-radius: 4px; }
.banner strong { display: block; font-size: 1.1em; margin-bottom: 4px; }
.note, .none { color: #666; }
.warn { color: #b00020; }
.chart-frame { overflow-x: auto; padding: 8px 0; }
.chart { min-height: 40px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; }
table.envs td:nth-child(7) { white-space: nowrap; }
table.kv th { background: #fafafa; font-weight: normal; white-space: nowrap; }
tr.status-unsupported td { background: #fff8e1; }
tr.status-failed td, tr.status-interrupted td { background: #fdecee; }
tr.under-load td, .warm-cache { background: #fff8e1; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.facts dt { font-weight: bold; }
dl.facts dd, dl.more dd { margin: 0; }
dl.more { margin: 0; font-size: 0.9em; }
dl.more dt { color: #666; }
#findings .family { margin: 8px 0 20px; }
#findings h3 { margin: 18px 0 6px; font-size: 1.1em; }
.table-frame { overflow-x: auto; }
table.findings td, table.findings tbody th { white-space: nowrap; }
table.findings thead th { max-width: 11em; }
table.findings td.faster { background: #e3edf9; }
table.findings td.slower { background: #fbe4e6; }
table.findings td.unclear { background: #f4f4f4; }
table.findings span.ci { font-size: 0.85em; color: #555; }
table.semantics td { text-align: center; }
table.semantics td.sem-ok { background: #e3f4e1; }
table.semantics td.sem-fails { background: #fbe4e6; }
table.semantics td.sem-differs { background: #fdf0d5; }
table.semantics td.sem-unsupported { background: #f0f0f0; color: #666; }
table.semantics span.errno { font-size: 0.8em; color: #555; }
table.findings .ratio { font-weight: bold; }
table.findings .ci, table.findings .verdict { color: #444; font-size: 0.9em; }
table.findings .verdict { white-space: normal; display: inline-block; max-width: 14em; }
table.findings td.tally { text-align: center; }
ul.details { margin: 4px 0; padding-left: 20px; font-size: 0.92em; }
details.env { border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; padding: 4px 10px; }
details.env > summary { cursor: pointer; }
details.env > summary .facts { color: #444; }
details.more-provenance { margin: 8px 0; }
details.more-provenance > summary { cursor: pointer; color: #246; }
pre.seed { background: #f8f8f8; border: 1px solid #ddd; padding: 12px; overflow-x: auto; font-size: 0.85em; }
.vega-embed { position: relative; display: inline-block; box-sizing: border-box; }
.vega-embed .vega-actions { display: flex; gap: 12px; margin-top: 4px; opacity: 0.45; font-size: 0.8em; }
.vega-embed:hover .vega-actions, .vega-embed .vega-actions:focus-within { opacity: 1; }
.vega-embed .vega-actions a { color: #246; }
#vg-tooltip-element { visibility: hidden; position: fixed; z-index: 1000; max-width: 480px; padding: 6px 8px; ` +
  `background: rgba(255,255,255,0.97); border: 1px solid #bbb; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,0.2); ` +
  `font: 12px system-ui, sans-serif; color: #222; pointer-events: none; }
#vg-tooltip-element.visible { visibility: visible; }
#vg-tooltip-element h2 { font-size: 13px; margin: 0 0 4px; border: 0; }
#vg-tooltip-element table { margin: 0; border: 0; }
#vg-tooltip-element td { border: 0; padding: 1px 4px; overflow-wrap: anywhere; }
#vg-tooltip-element td.key { color: #666; white-space: nowrap; }
`;
