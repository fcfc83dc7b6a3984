/**
 * Student's t distribution: the two-sided critical values behind every confidence interval here.
 * CDF through the regularized incomplete beta function (continued fraction, modified Lentz),
 * quantile by Newton steps inside a bisection bracket: exact enough (1e-12) and small enough to own.
 */

// Lanczos approximation, g = 7, n = 9.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(a+b) - ln Γ(a) - ln Γ(b), the incomplete beta's constant for given a and b. */
const logBetaFront = (a: number, b: number): number => logGamma(a + b) - logGamma(a) - logGamma(b);

/** Regularized incomplete beta I_x(a, b); `front` is logBetaFront(a, b), so that a search over x computes it once. */
function incompleteBeta(x: number, a: number, b: number, front: number = logBetaFront(a, b)): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const scale = Math.exp(front + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (scale * betaContinuedFraction(a, b, x)) / a
    : 1 - (scale * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch gives). */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df, logBetaFront(df / 2, 0.5));
}

function tCdf(t: number, df: number, front: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5, front);
  return t >= 0 ? 1 - tail : tail;
}

/** The t value with P(T <= t) = p, for 0 < p < 1 and df > 0. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile: p=${p}, df=${df} out of range`);
  if (p === 0.5) return 0;
  // Newton steps on the CDF, kept inside a bisection bracket: about 6 CDF evaluations instead of
  // bisection's 60 (a fresh process pays for each one before the JIT has warmed up).
  const logDensityScale = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  // The CDF's log-gamma terms depend on df only: computed once here, not in every step.
  const front = logBetaFront(df / 2, 0.5);
  let lo = -1e6;
  let hi = 1e6;
  let t = 0;
  for (let i = 0; i < 200; i++) {
    const f = tCdf(t, df, front) - p;
    if (f < 0) lo = t;
    else hi = t;
    const density = Math.exp(logDensityScale - ((df + 1) / 2) * Math.log1p((t * t) / df));
    let next = t - f / density;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * Math.max(1, Math.abs(next))) return next;
    t = next;
  }
  return t;
}

// Summaries ask for the same few df (repeats - 1) once per cell; each answer costs ~200 bisection steps.
const T95_BY_DF = new Map<number, number>();

/** Two-sided 95% critical value, t(0.975, df). */
export function t95(df: number): number {
  let t = T95_BY_DF.get(df);
  if (t === undefined) {
    t = studentTQuantile(0.975, df);
    if (Number.isInteger(df)) T95_BY_DF.set(df, t);
  }
  return t;
}
