/**
 * Published meta-analysis data sets, as cell counts or estimates from the papers, and the effect
 * sizes the papers derive from them (standard formulas, no fitting). Shared by the unit tests
 * (published results) and the system test (statsmodels).
 */
import type { PoolCell } from '@sharebench/analysis';

/**
 * BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702), as metafor's `dat.bcg`:
 * tpos, tneg (vaccinated: TB positive, negative), cpos, cneg (control). Transcribed from
 * metafor's README (github.com/wviechtb/metafor, commit 71ae8f5, README.md lines 110-123).
 */
export const BCG_COUNTS: ReadonlyArray<readonly [number, number, number, number]> = [
  [4, 119, 11, 128],
  [6, 300, 29, 274],
  [3, 228, 11, 209],
  [62, 13536, 248, 12619],
  [33, 5036, 47, 5761],
  [180, 1361, 372, 1079],
  [8, 2537, 10, 619],
  [505, 87886, 499, 87892],
  [29, 7470, 45, 7232],
  [17, 1699, 65, 1600],
  [186, 50448, 141, 27197],
  [5, 2493, 3, 2338],
  [27, 16886, 29, 17825],
];

/** Log risk ratio and its large-sample variance (metafor's escalc(measure = "RR")). */
export const logRiskRatio = ([tpos, tneg, cpos, cneg]: readonly [number, number, number, number]): PoolCell => ({
  y: Math.log(tpos / (tpos + tneg)) - Math.log(cpos / (cpos + cneg)),
  v: 1 / tpos - 1 / (tpos + tneg) + 1 / cpos - 1 / (cpos + cneg),
});

export const BCG: PoolCell[] = BCG_COUNTS.map(logRiskRatio);

/**
 * The CLASP example of DerSimonian & Kacker (2007), Contemporary Clinical Trials 28:105-114:
 * events and arm sizes of six trials (n1, n2, a = events in arm 1, c = events in arm 2), as in
 * metafor's tests/testthat/test_analysis_example_dersimonian2007.r (commit 71ae8f5, lines 10-13).
 */
const CLASP = { n1: [156, 303, 565, 1570, 103, 4659], n2: [74, 303, 477, 1565, 105, 4650], a: [5, 5, 12, 69, 9, 313], c: [8, 17, 9, 94, 11, 352] };

/** Log odds ratios and their variances 1/a + 1/b + 1/c + 1/d (metafor's escalc(measure = "OR")). */
export const CLASP_LOG_OR: PoolCell[] = CLASP.a.map((a, i) => {
  const [b, c] = [CLASP.n1[i]! - a, CLASP.c[i]!];
  const d = CLASP.n2[i]! - c;
  return { y: Math.log((a * d) / (b * c)), v: 1 / a + 1 / b + 1 / c + 1 / d };
});

/**
 * The systolic blood pressure example of Riley, Higgins & Deeks (2011), BMJ 342:d549: ten
 * standardised mean differences and their standard errors, as pimeta's `sbp` data
 * (github.com/nshi-stat/pimeta, commit aacb6dd, data/sbp.RData: columns y and sigmak).
 */
const SBP_Y = [0.0, 0.1, -0.4, -0.8, -0.63, 0.22, -0.34, -0.51, 0.03, -0.81];
const SBP_SE = [0.42347717, 0.21939179, 0.02551067, 0.19898325, 0.30102594, 0.30102594, 0.07142988, 0.10204269, 0.12245123, 0.30102594];
export const SBP: PoolCell[] = SBP_Y.map((y, i) => ({ y, v: SBP_SE[i]! ** 2 }));
