"""SciPy peer of bench/wholeRuns.ts: the same whole runs (upstairs whitened regression) with solve_ivp
and a NumPy right-hand side, on the starts gradflow wrote.

  /usr/bin/python3 bench/whole_peer.py CASES.json RUNS   # JSON: wall times, nfev, final states' summaries

Run with OPENBLAS_NUM_THREADS=1 (bench/wholeRuns.ts sets it): one BLAS thread, like gradflow's default.
"""
import json
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def make_rhs(widths, Phi, Sxx=None):
    N = len(widths) - 1
    shapes = [(widths[j], widths[j - 1]) for j in range(1, N + 1)]
    sizes = [r * c for r, c in shapes]
    offs = np.cumsum([0] + sizes)
    nfev = [0]

    def rhs(t, y):
        nfev[0] += 1
        Ws = [y[offs[j] : offs[j + 1]].reshape(shapes[j]) for j in range(N)]
        P = [None] * (N + 1)
        P[1] = Ws[0]
        for j in range(2, N + 1):
            P[j] = Ws[j - 1] @ P[j - 1]
        # whitened: ∇E = W − Φ; data regression: ∇E = W Σxx − Σyx (Φ holds Σyx)
        B = (P[N] - Phi) if Sxx is None else (P[N] @ Sxx - Phi)
        out = np.empty_like(y)
        for j in range(N, 0, -1):
            g = (B @ P[j - 1].T) if j > 1 else B
            out[offs[j - 1] : offs[j]] = -g.ravel()
            if j > 1:
                B = Ws[j - 1].T @ B
        return out

    return rhs, nfev


def main():
    cases = json.load(open(sys.argv[1]))
    runs = int(sys.argv[2])
    out = []
    for c in cases:
        widths = c["widths"]
        Phi = np.fromfile(c["target"], dtype="<f8").reshape(widths[-1], widths[0])
        y0 = np.fromfile(c["start"], dtype="<f8")
        Sxx = np.fromfile(c["sxx"], dtype="<f8").reshape(widths[0], widths[0]) if "sxx" in c else None
        for method in c["scipy"]:
            times = []
            for _ in range(runs):
                rhs, nfev = make_rhs(widths, Phi, Sxx)
                t0 = time.perf_counter()
                sol = solve_ivp(rhs, (0.0, c["t1"]), y0, method=method, rtol=c["rtol"], atol=c["atol"])
                times.append(time.perf_counter() - t0)
            yf = sol.y[:, -1]
            yf.astype("<f8").tofile(c["final"] + "." + method)
            out.append({"case": c["name"], "method": method, "status": sol.status, "nfev": int(sol.nfev), "steps": int(len(sol.t) - 1), "ms": [1000 * t for t in times]})
    print(json.dumps({"numpy": np.__version__, "results": out}))


if __name__ == "__main__":
    main()
