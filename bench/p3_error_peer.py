"""SciPy side of bench/p3Error.ts: P3 (upstairs whitened regression, depth 2) from the starts gradflow wrote.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/p3_error_peer.py SPEC.json
      # SPEC: {"width", "t1", "rtols", "cases": [{"target", "start", "out"}]}; writes each run's final
      # state to OUT.<method>.<k>.bin (k: index in rtols) (and OUT.ref.bin) and prints JSON with nfev and first steps
"""
import json
import sys

import numpy as np
from scipy.integrate import solve_ivp


def rhs_of(width, m, Phi):
    n1 = width * m

    def f(t, y):
        W1 = y[:n1].reshape(width, m)
        W2 = y[n1:].reshape(m, width)
        G = W2 @ W1 - Phi
        return np.concatenate([-(W2.T @ G).ravel(), -(G @ W1.T).ravel()])

    return f


def main():
    spec = json.load(open(sys.argv[1]))
    width, m, t1 = spec["width"], 50, spec["t1"]
    out = []
    for c in spec["cases"]:
        Phi = np.fromfile(c["target"], dtype="<f8").reshape(m, m)
        y0 = np.fromfile(c["start"], dtype="<f8")
        f = rhs_of(width, m, Phi)
        sign = np.where(np.arange(len(y0)) % 2 == 0, 1.0, -1.0)  # as gradflow's ±1 ulp start
        runs = {}
        ref = solve_ivp(f, (0, t1), y0, method="DOP853", rtol=1e-13, atol=1e-15)
        ref.y[:, -1].astype("<f8").tofile(c["out"] + ".ref.bin")
        runs["ref"] = {"nfev": int(ref.nfev), "steps": len(ref.t) - 1}
        for method in ["RK45", "DOP853"]:
            for k, rtol in enumerate(spec["rtols"]):
                s = solve_ivp(f, (0, t1), y0, method=method, rtol=rtol, atol=rtol * 1e-2)
                s.y[:, -1].astype("<f8").tofile(f"{c['out']}.{method}.{k}.bin")
                runs[f"{method} {k}"] = {"status": int(s.status), "nfev": int(s.nfev), "steps": len(s.t) - 1, "h0": float(s.t[1])}
                # the same run from half its first step, and from the start with every entry moved by one ulp
                half = solve_ivp(f, (0, t1), y0, method=method, rtol=rtol, atol=rtol * 1e-2, first_step=0.5 * float(s.t[1]))
                half.y[:, -1].astype("<f8").tofile(f"{c['out']}.{method}.{k}.half.bin")
                ulp = solve_ivp(f, (0, t1), y0 * (1 + sign * np.finfo(float).eps), method=method, rtol=rtol, atol=rtol * 1e-2)
                ulp.y[:, -1].astype("<f8").tofile(f"{c['out']}.{method}.{k}.ulp.bin")
        out.append(runs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
