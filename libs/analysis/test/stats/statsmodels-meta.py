"""The system test's independent route: statsmodels' combine_effects and multipletests, scipy's distributions.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"datasets": [{"name", "y": [...], "v": [...]}], "p_values": [...], "p_tests": [{"y", "se", "df"}], "normal_x": [...],
   "chi2": [[x, df], ...]}
For each data set and each of statsmodels' tau^2 methods ("chi2" = DerSimonian-Laird, "iterated" = Paule-Mandel)
it reports what combine_effects computes, and builds from statsmodels' own pieces what it does not offer
(the ad hoc HKSJ interval and the Higgins-Thompson-Spiegelhalter prediction interval) with scipy's quantiles.
"""
import json
import sys

import numpy as np
from scipy import stats
from statsmodels.stats.meta_analysis import _fit_tau_iterative, combine_effects
from statsmodels.stats.multitest import multipletests


def fit(y, v, method_re):
    # Paule-Mandel's default atol (1e-5 on the estimating equation) is looser than the comparison, so tighten it,
    # but not to rounding noise: statsmodels 0.13.5 resets tau^2 to 0 (converged False) the moment the equation
    # is negative, and at atol 1e-13 a step can land a rounding error past the root. Its flag is reported.
    kwds = {"atol": 1e-10, "maxiter": 1000} if method_re == "iterated" else {}
    res = combine_effects(y, v, method_re=method_re, use_t=False, **kwds)
    converged = True
    if method_re == "iterated":
        # Its flag is also False when the equation is negative at tau^2 = 0, where 0 is the right answer.
        w = 1 / v
        negative_at_zero = (w * (y - w.dot(y) / w.sum()) ** 2).sum() < len(y) - 1
        converged = bool(_fit_tau_iterative(y, v, **kwds)[1]) or bool(negative_at_zero)
    k = len(y)
    ci_fe, ci_re, ci_fe_wls, _ = res.conf_int(use_t=False)
    _, _, ci_fe_wls_t, ci_re_wls_t = res.conf_int(use_t=True)
    t_k1 = stats.t.isf(0.025, k - 1)
    se_adhoc = np.sqrt(max(1.0, res.scale_hksj_re) * res.var_eff_w_re)
    pi = None
    # A negative (untruncated DL) tau^2 can leave tau^2 + se^2 below 0: no interval then.
    if k >= 3 and res.tau2 + res.var_eff_w_re >= 0:
        half = stats.t.isf(0.025, k - 2) * np.sqrt(res.tau2 + res.var_eff_w_re)
        pi = [res.mean_effect_re - half, res.mean_effect_re + half]
    return {
        "tau2": float(res.tau2),
        "converged": converged,
        "q": float(res.q),
        "q_p": float(res.test_homogeneity().pvalue),
        "h2": float(res.h2),
        "i2": float(res.i2),
        "fe": float(res.mean_effect_fe),
        "fe_se": float(res.sd_eff_w_fe),
        "fe_ci": [float(x) for x in ci_fe],
        "fe_hksj_ci": [float(x) for x in ci_fe_wls_t],
        "re": float(res.mean_effect_re),
        "re_se": float(res.sd_eff_w_re),
        "re_wald_ci": [float(x) for x in ci_re],
        "re_hksj_se": float(res.sd_eff_w_re_hksj),
        "re_hksj_ci": [float(x) for x in ci_re_wls_t],
        "re_hksj_scale": float(res.scale_hksj_re),
        "re_adhoc_ci": [float(res.mean_effect_re - t_k1 * se_adhoc), float(res.mean_effect_re + t_k1 * se_adhoc)],
        "pi": None if pi is None else [float(x) for x in pi],
    }


def main():
    req = json.load(sys.stdin)
    out = {"datasets": {}, "bh": None, "holm": None, "p_tests": [], "normal_cdf": []}
    for ds in req.get("datasets", []):
        y = np.asarray(ds["y"], dtype=float)
        v = np.asarray(ds["v"], dtype=float)
        out["datasets"][ds["name"]] = {"dl": fit(y, v, "chi2"), "pm": fit(y, v, "iterated")}
    if req.get("p_values"):
        reject, corrected, _, _ = multipletests(req["p_values"], alpha=0.05, method="fdr_bh")
        out["bh"] = {"rejected": [bool(r) for r in reject], "q_values": [float(q) for q in corrected]}
        reject, corrected, _, _ = multipletests(req["p_values"], alpha=0.05, method="holm")
        out["holm"] = {"rejected": [bool(r) for r in reject], "adjusted": [float(q) for q in corrected]}
    for t in req.get("p_tests", []):
        z = abs(t["y"] / t["se"])
        p = 2 * stats.norm.sf(z) if t["df"] is None else 2 * stats.t.sf(z, t["df"])
        out["p_tests"].append(float(p))
    out["normal_cdf"] = [float(stats.norm.cdf(x)) for x in req.get("normal_x", [])]
    out["chi2_sf"] = [float(stats.chi2.sf(x, df)) for x, df in req.get("chi2", [])]
    out["versions"] = {"statsmodels": __import__("statsmodels").__version__, "scipy": __import__("scipy").__version__}
    json.dump(out, sys.stdout, allow_nan=False)


main()
