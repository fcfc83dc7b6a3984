import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import {
  benjaminiHochberg,
  chiSquareSf,
  holm,
  normalCdf,
  poolRandomEffects,
  twoSidedP,
  Tau2Estimator,
  type LogEstimate,
  type PoolCell,
} from '@sharebench/analysis';
import { BCG, CLASP_LOG_OR, SBP } from './meta-datasets.js';

// statsmodels' combine_effects (Debian's python3-statsmodels) as the independent implementation: its
// "chi2" method is DerSimonian-Laird, "iterated" is Paule-Mandel; conf_int(use_t=False) gives the fixed-effect
// and Wald random-effects intervals, conf_int(use_t=True)'s "wls" entries the HKSJ ones (scale estimated as in
// WLS, t with k - 1 df). It has no REML, so REML is checked against published figures only (the unit test).
// Debian 12's statsmodels 0.13.5 does not truncate DL's tau² at 0: where its tau² is negative, ours must be 0
// and our random-effects fit must equal its fixed-effect one (the RE model with tau² = 0).
const SCRIPT = fileURLToPath(new URL('./statsmodels-meta.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-9;

const DATASETS: Record<string, PoolCell[]> = {
  bcg: BCG,
  clasp: CLASP_LOG_OR,
  sbp: SBP,
  // Q < k - 1: DL's untruncated tau² is negative.
  homogeneous: [0.1, 0.11, 0.09, 0.105, 0.095].map((y, i) => ({ y, v: [0.01, 0.02, 0.015, 0.01, 0.03][i]! })),
  k2: [{ y: 0.1, v: 0.01 }, { y: 0.3, v: 0.04 }],
  k2_disagree: [{ y: Math.log(2.83), v: 0.04 }, { y: Math.log(0.9), v: 0.04 }],
  k3: [{ y: 0.2, v: 0.01 }, { y: 0.5, v: 0.04 }, { y: -0.1, v: 0.02 }],
  unequal_variances: [0.05, 0.4, 0.8, -0.2, 0.3, 0.1].map((y, i) => ({ y, v: [1e-6, 0.5, 1e-3, 2.0, 0.05, 1e-4][i]! })),
  // Cells as sharebench makes them: ratios near 1, log-ratio standard errors of 1-5 %.
  benchmark_cells: [1.16, 0.95, 1.31, 1.02, 1.08].map((r, i) => ({ y: Math.log(r), v: [0.02, 0.03, 0.05, 0.01, 0.04][i]! ** 2 })),
};

const P_TESTS = [
  { y: 0.3, se: 0.1, df: 3.4 },
  { y: -0.05, se: 0.02, df: 12 },
  { y: 0.02, se: 0.03, df: null },
  { y: 1.2, se: 0.1, df: null },
  { y: -0.9, se: 0.2, df: 2.01 },
];
const NORMAL_X = [-8, -6, -3.5, -1.96, -0.5, 0, 0.7, 2.5, 5];
const CHI2: Array<[number, number]> = [[0.3, 1], [3.9, 1], [0.8, 2], [7, 3], [2.5, 4], [152.233, 12], [40, 25], [12, 30], [0.01, 7]];

interface SmFit {
  tau2: number;
  /** Paule-Mandel: statsmodels' own convergence flag (DL: true). */
  converged: boolean;
  q: number;
  q_p: number;
  h2: number;
  i2: number;
  fe: number;
  fe_se: number;
  fe_ci: [number, number];
  fe_hksj_ci: [number, number];
  re: number;
  re_se: number;
  re_wald_ci: [number, number];
  re_hksj_se: number;
  re_hksj_ci: [number, number];
  re_hksj_scale: number;
  re_adhoc_ci: [number, number];
  pi: [number, number] | null;
}
interface SmAnswer {
  datasets: Record<string, { dl: SmFit; pm: SmFit }>;
  bh: { rejected: boolean[]; q_values: number[] };
  holm: { rejected: boolean[]; adjusted: number[] };
  p_tests: number[];
  normal_cdf: number[];
  chi2_sf: number[];
  versions: Record<string, string>;
}

function close(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs statsmodels ${expected}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
}

function closeCi(ours: LogEstimate, theirs: [number, number], what: string): void {
  close(ours.log_ci95_lo, theirs[0], `${what} lo`);
  close(ours.log_ci95_hi, theirs[1], `${what} hi`);
}

let sm: SmAnswer;
beforeAll(async () => {
  const request = {
    datasets: Object.entries(DATASETS).map(([name, cells]) => ({ name, y: cells.map((c) => c.y), v: cells.map((c) => c.v) })),
    p_values: [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0, 0.0459, 0.012],
    p_tests: P_TESTS,
    normal_x: NORMAL_X,
    chi2: CHI2,
  };
  const { stdout } = await execa(PYTHON, [SCRIPT], { input: JSON.stringify(request) });
  sm = JSON.parse(stdout) as SmAnswer;
});

describe('analysis/stats/random-effects against statsmodels combine_effects', () => {
  for (const [name, cells] of Object.entries(DATASETS)) {
    it(`${name} (k = ${cells.length}): fixed effect, Q and H²`, () => {
      const pooled = poolRandomEffects(cells);
      const theirs = sm.datasets[name]!.dl;
      const fe = pooled.fixed_effect!;
      close(fe.log_ratio, theirs.fe, 'fixed effect');
      close(fe.log_ratio_se, theirs.fe_se, 'fixed effect se');
      closeCi(fe, theirs.fe_ci, 'fixed effect CI');
      close(pooled.q, theirs.q, 'Q');
      close(pooled.q_p, theirs.q_p, 'Q p-value');
    });

    for (const [ours, theirsKey] of [[Tau2Estimator.dl, 'dl'], [Tau2Estimator.pm, 'pm']] as const) {
      it(`${name} (k = ${cells.length}): ${ours.toUpperCase()} tau², random-effects mean, Wald, HKSJ and ad hoc HKSJ CIs, prediction interval`, () => {
        const pooled = poolRandomEffects(cells, { tau2_estimator: ours });
        const re = pooled.random_effects!;
        const theirs = sm.datasets[name]![theirsKey];
        expect(re.converged).toBe(true);
        expect(theirs.converged, 'statsmodels did not converge: its tau² is not an answer').toBe(true);
        if (theirs.tau2 < 0) {
          // Only DL can go negative (statsmodels' PM stops at 0): truncated, the model is the fixed effect.
          expect(ours).toBe(Tau2Estimator.dl);
          expect(re.tau2).toBe(0);
          close(re.log_ratio, theirs.fe, 'RE mean at tau² = 0');
          close(re.log_ratio_se, theirs.fe_se, 'RE se at tau² = 0');
          closeCi(re.wald, theirs.fe_ci, 'Wald CI at tau² = 0');
          closeCi(re.hksj, theirs.fe_hksj_ci, 'HKSJ CI at tau² = 0');
          return;
        }
        close(re.tau2, theirs.tau2, 'tau²');
        close(re.log_ratio, theirs.re, 'RE mean');
        close(re.log_ratio_se, theirs.re_se, 'RE se');
        closeCi(re.wald, theirs.re_wald_ci, 'Wald CI');
        close(re.hksj.log_ratio_se, theirs.re_hksj_se, 'HKSJ se');
        closeCi(re.hksj, theirs.re_hksj_ci, 'HKSJ CI');
        close(re.hksj_q, theirs.re_hksj_scale, 'HKSJ scale q');
        closeCi(re.hksj_adhoc, theirs.re_adhoc_ci, 'ad hoc HKSJ CI');
        if (ours === Tau2Estimator.dl && theirs.tau2 > 0) {
          // For DL with tau² > 0, I² and H² from tau² equal the Q-based (Q - df)/Q and Q/df statsmodels reports.
          close(re.i2, theirs.i2, 'I²');
          close(re.h2, theirs.h2, 'H²');
        }
        if (theirs.pi === null) {
          expect(re.log_pi95_lo).toBeNull();
        } else {
          close(re.log_pi95_lo, theirs.pi[0], 'PI lo');
          close(re.log_pi95_hi, theirs.pi[1], 'PI hi');
        }
        if (cells.length >= 3) {
          close(Math.log(pooled.ci95_lo!), theirs.re_adhoc_ci[0], 'standing CI lo');
          close(Math.log(pooled.ci95_hi!), theirs.re_adhoc_ci[1], 'standing CI hi');
        }
      });
    }
  }

  it('covers the cases it claims: a negative DL tau², k = 2 and k = 3, positive tau² elsewhere', () => {
    expect(sm.datasets['homogeneous']!.dl.tau2).toBeLessThan(0);
    expect(sm.datasets['bcg']!.dl.tau2).toBeGreaterThan(0);
    expect(sm.datasets['unequal_variances']!.pm.tau2).toBeGreaterThan(0);
    expect(sm.versions['statsmodels']).toMatch(/^\d+\.\d+/);
  });
});

describe('analysis/stats: BH, p-values, Φ and χ² against statsmodels multipletests and scipy', () => {
  it('gives the q-values and rejections of multipletests(method="fdr_bh"), ties included', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0, 0.0459, 0.012];
    const ours = benjaminiHochberg(p, 0.05);
    expect(ours.rejected).toEqual(sm.bh.rejected);
    ours.q_values.forEach((q, i) => expect(Math.abs(q! - sm.bh.q_values[i]!), `q ${i}`).toBeLessThanOrEqual(1e-14));
  });

  it('gives the adjusted p-values and rejections of multipletests(method="holm"), ties included', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0, 0.0459, 0.012];
    const ours = holm(p, 0.05);
    expect(ours.rejected).toEqual(sm.holm.rejected);
    ours.adjusted.forEach((q, i) => expect(Math.abs(q! - sm.holm.adjusted[i]!), `adjusted ${i}`).toBeLessThanOrEqual(1e-14));
  });

  it('gives scipy\'s chi-square upper tail', () => {
    CHI2.forEach(([x, df], i) => {
      expect(Math.abs(chiSquareSf(x, df) - sm.chi2_sf[i]!) / sm.chi2_sf[i]!, `χ²(${df}) >= ${x}`).toBeLessThanOrEqual(1e-12);
    });
  });

  it('gives scipy\'s two-sided t and normal p-values, and its Φ', () => {
    P_TESTS.forEach((t, i) => {
      const p = twoSidedP(t.y, t.se, t.df)!;
      expect(Math.abs(p - sm.p_tests[i]!) / sm.p_tests[i]!, `p ${i}: ${p} vs ${sm.p_tests[i]}`).toBeLessThanOrEqual(1e-9);
    });
    NORMAL_X.forEach((x, i) => {
      expect(Math.abs(normalCdf(x) - sm.normal_cdf[i]!) / sm.normal_cdf[i]!, `Φ(${x})`).toBeLessThanOrEqual(1e-12);
    });
  });
});
