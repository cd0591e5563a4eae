"""SciPy peer of bench/depthInfinity.ts: the end-to-end flow of a square matrix completion at depth ∞ in
normalised time (docs/theory.md §3), dW/dτ = −U (Λ^∞ ∘ Uᵀ P_Ω(W − T) V) Vᵀ with the full SVD W = U Σ Vᵀ
and the logarithmic mean λ^∞_il = (σ_i² − σ_l²)/(ln σ_i² − ln σ_l²), solved by solve_ivp from the start
gradflow wrote.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/depth_inf_peer.py < SPEC.json
      # SPEC: {"n", "observed": [[i, j, value], ...] (0-based), "y0" (W(0) row-major), "t1",
      #        "check": {"y", "f", "J"} (gradflow's field and Jacobian at a point, row-major),
      #        "eigAt": a W at which to report the Jacobian's eigenvalues (the stiffness),
      #        "skipAfterMs": a run of (method, jac) slower than this skips that pair's later runs,
      #        "runs": [{"method", "rtol", "atol", "jac": "fd" | "analytic"}, ...] (loosest rtol first)}
      # prints JSON: the check's largest differences, the eigenvalues' largest modulus and real part,
      # then per run status, nfev (every call of the field, those of SciPy's finite-difference
      # Jacobians included), njev, nlu, steps, wall ms and the final W (row-major), or "skipped"

"fd": no Jacobian is passed, so SciPy differences the field itself (Radau and BDF: scipy's num_jac, one
field evaluation per column; LSODA: ODEPACK's internal differences). "analytic": the flow's exact
Jacobian, the Daleckii–Krein formula of src/flows/downstairsJacobian.ts applied to every unit direction at
once in batched NumPy (one SVD and a few einsums per Jacobian).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

GAP = 1e-5  # src/flows/downstairsJacobian.ts DIVIDED_DIFFERENCE_GAP


def log_mean(a, b):
    """λ^∞(a, b) elementwise, as src/flows/coefficients.ts lambdaInf: lo·expm1(x)/x, x = ln(hi/lo); hi at x = 0; 0 when lo = 0."""
    hi = np.maximum(a, b)
    lo = np.minimum(a, b)
    out = np.zeros(np.broadcast(a, b).shape)
    pos = lo > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.log(np.where(pos, hi, 1.0) / np.where(pos, lo, 1.0))
        val = np.where(x > 0, lo * np.expm1(x) / np.where(x > 0, x, 1.0), hi)
    out[pos] = val[pos]
    return out


def log_mean_slope(x, z):
    """∂λ^∞/∂x (x, z) = (u − 1 + e^{−u})/u², u = ln(x/z), by its series near u = 0 (coefficientSlope)."""
    u = np.log(x / z)
    small = np.abs(u) < 1e-3
    us = np.where(small, 1.0, u)
    return np.where(small, 0.5 - u / 6 + u * u / 24 - u * u * u / 120, (us + np.expm1(-us)) / (us * us))


def make_flow(n, observed):
    mask = np.zeros((n, n))
    target = np.zeros((n, n))
    for i, j, v in observed:
        mask[i, j] = 1.0
        target[i, j] = v
    count = [0, 0]  # field evaluations, Jacobians

    def rhs(t, y):
        count[0] += 1
        W = y.reshape(n, n)
        U, s, Vt = np.linalg.svd(W)
        a = s * s
        G = mask * (W - target)
        Gh = U.T @ G @ Vt.T
        return -(U @ (log_mean(a[:, None], a[None, :]) * Gh) @ Vt).ravel()

    def jac(t, y):
        count[1] += 1
        W = y.reshape(n, n)
        U, s, Vt = np.linalg.svd(W)
        V = Vt.T
        a = s * s
        K = log_mean(a[:, None], a[None, :])
        Gh = U.T @ (mask * (W - target)) @ V
        # D[x, y, z] = D(a_x, a_y; a_z) = (k(a_x, a_z) − k(a_y, a_z))/(a_x − a_y), ∂₁k at the midpoint when close
        ax, ay, az = a[:, None, None], a[None, :, None], a[None, None, :]
        close = np.abs(ax - ay) <= GAP * np.maximum(ax, ay)
        with np.errstate(divide="ignore", invalid="ignore"):
            quot = (K[:, None, :] - K[None, :, :]) / (ax - ay)
        D = np.where(close, log_mean_slope(0.5 * (ax + ay), az), quot)
        # every unit direction e_p e_qᵀ at once: R[d] = Uᵀ e_p e_qᵀ V = outer(U[p], V[q]), d = p·n + q
        R = np.einsum("pi,qj->pqij", U, V).reshape(n * n, n, n)
        dP = R * s[None, None, :] + s[None, :, None] * np.swapaxes(R, 1, 2)  # R Σ + Σ Rᵀ
        dQ = np.swapaxes(R, 1, 2) * s[None, None, :] + s[None, :, None] * R  # Rᵀ Σ + Σ R
        M = K[None] * (mask.reshape(n * n)[:, None, None] * R)  # K ∘ (Uᵀ P_Ω[dW] V)
        M += np.einsum("ikl,dik,kl->dil", D, dP, Gh, optimize=True)
        M += np.einsum("kli,ik,dkl->dil", D, Gh, dQ, optimize=True)
        dF = U[None] @ M @ Vt[None]  # column d of the Jacobian is −dF[d]
        return -dF.reshape(n * n, n * n).T.copy()

    return rhs, jac, count


def main():
    spec = json.load(sys.stdin)
    n = spec["n"]
    rhs, jac, count = make_flow(n, spec["observed"])
    y0 = np.array(spec["y0"], dtype=float)
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0], "runs": []}
    if "check" in spec:
        c = spec["check"]
        y = np.array(c["y"], dtype=float)
        f, J = np.array(c["f"]), np.array(c["J"]).reshape(n * n, n * n)
        d = n * n
        fd = np.empty((d, d))
        for k in range(d):  # central differences of the NumPy field, a check of the NumPy Jacobian itself
            h = 1e-6 * max(1.0, abs(y[k]))
            e = np.zeros(d)
            e[k] = h
            fd[:, k] = (rhs(0.0, y + e) - rhs(0.0, y - e)) / (2 * h)
        Jn = jac(0.0, y)
        out["check"] = {
            "rhs": float(np.max(np.abs(rhs(0.0, y) - f)) / np.max(np.abs(f))),
            "jac": float(np.max(np.abs(Jn - J)) / np.max(np.abs(J))),
            "jacVsDifferences": float(np.max(np.abs(Jn - fd)) / np.max(np.abs(J))),
        }
    if "eigAt" in spec:
        ev = np.linalg.eigvals(jac(0.0, np.array(spec["eigAt"], dtype=float)))
        out["eig"] = {"maxAbs": float(np.max(np.abs(ev))), "maxReal": float(np.max(ev.real)), "minReal": float(np.min(ev.real))}
    slow = {}  # (method, jac) -> the rtol of its run slower than skipAfterMs
    for r in spec["runs"]:
        count[0] = count[1] = 0
        method = r["method"]
        analytic = r.get("jac", "fd") == "analytic"
        key = (method, analytic)
        if key in slow:
            out["runs"].append({"method": method, "jac": "analytic" if analytic else "fd", "rtol": r["rtol"], "skipped": slow[key]})
            continue
        kw = {"jac": jac} if analytic else {}
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (0.0, spec["t1"]), y0, method=method, rtol=r["rtol"], atol=r["atol"], **kw)
        ms = 1000 * (time.perf_counter() - t0)
        if ms > spec.get("skipAfterMs", float("inf")):
            slow[key] = {"rtol": r["rtol"], "ms": ms}
        out["runs"].append(
            {
                "method": method,
                "jac": "analytic" if analytic else "fd",
                "rtol": r["rtol"],
                "status": int(sol.status),
                "tFinal": float(sol.t[-1]),
                "nfev": count[0],
                "njev": int(sol.njev),
                "nlu": int(sol.nlu),
                "steps": int(len(sol.t) - 1),
                "ms": ms,
                "W": sol.y[:, -1].tolist(),
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
