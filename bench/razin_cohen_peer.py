"""SciPy peer of bench/razinCohenLong.ts: the upstairs factor flow of a matrix completion (Razin–Cohen 2×2 at
depth 3) with solve_ivp (Radau, LSODA, DOP853) and a NumPy right-hand side and analytic Jacobian, from the
start gradflow wrote.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/razin_cohen_peer.py < SPEC.json
      # SPEC: {"widths", "rows", "cols", "observed": [[i, j, value], ...] (0-based), "y0", "t1",
      #        "check": {"y", "f", "J"} (gradflow's field and Jacobian at a point, row-major),
      #        "runs": [{"method", "rtol", "atol"}, ...]}
      # prints JSON: the check's largest differences, then per run status, nfev, njev, nlu, steps,
      # wall ms and the final end-to-end matrix W = W_N ⋯ W_1 (row-major)

The Jacobian is the flow's Jacobian-vector product (the forward and backward passes differentiated once,
as src/flows/upstairs.ts forms it) applied to every unit vector at once, in batched NumPy products.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp


def make_flow(widths, rows, cols, observed):
    N = len(widths) - 1
    shapes = [(widths[j], widths[j - 1]) for j in range(1, N + 1)]
    sizes = [r * c for r, c in shapes]
    offs = np.cumsum([0] + sizes)
    dim = int(offs[-1])
    mask = np.zeros((rows, cols))
    target = np.zeros((rows, cols))
    for i, j, v in observed:
        mask[i, j] = 1.0
        target[i, j] = v
    count = [0, 0]  # nfev, njev

    def factors(y):
        return [y[offs[j] : offs[j + 1]].reshape(shapes[j]) for j in range(N)]

    def passes(Ws):
        # P[j] = W_j ⋯ W_1 (P[0] unused: the identity), G = P_Ω(W − B), B[j−1] = W_jᵀ B[j] with B[N] = G
        P = [None] * (N + 1)
        P[1] = Ws[0]
        for j in range(2, N + 1):
            P[j] = Ws[j - 1] @ P[j - 1]
        Bk = [None] * (N + 1)
        Bk[N] = mask * (P[N] - target)
        for j in range(N, 1, -1):
            Bk[j - 1] = Ws[j - 1].T @ Bk[j]
        return P, Bk

    def rhs(t, y):
        count[0] += 1
        Ws = factors(y)
        P, Bk = passes(Ws)
        out = np.empty_like(y)
        out[offs[0] : offs[1]] = -Bk[1].ravel()
        for j in range(2, N + 1):
            out[offs[j - 1] : offs[j]] = -(Bk[j] @ P[j - 1].T).ravel()
        return out

    eye = np.eye(dim)

    def jac(t, y):
        count[1] += 1
        Ws = factors(y)
        P, Bk = passes(Ws)
        Vs = [eye[:, offs[j] : offs[j + 1]].reshape((dim,) + shapes[j]) for j in range(N)]  # every direction at once
        dP = [None] * (N + 1)
        dP[1] = Vs[0]
        for j in range(2, N + 1):
            dP[j] = Vs[j - 1] @ P[j - 1] + Ws[j - 1] @ dP[j - 1]
        dB = [None] * (N + 1)
        dB[N] = mask * dP[N]
        for j in range(N, 1, -1):
            dB[j - 1] = np.swapaxes(Vs[j - 1], 1, 2) @ Bk[j] + Ws[j - 1].T @ dB[j]
        out = np.empty((dim, dim))  # out[c] = J e_c
        out[:, offs[0] : offs[1]] = -dB[1].reshape(dim, -1)
        for j in range(2, N + 1):
            d = dB[j] @ P[j - 1].T + Bk[j] @ np.swapaxes(dP[j - 1], 1, 2)
            out[:, offs[j - 1] : offs[j]] = -d.reshape(dim, -1)
        return out.T.copy()

    def end_to_end(y):
        Ws = factors(y)
        W = Ws[0]
        for j in range(1, N):
            W = Ws[j] @ W
        return W

    return rhs, jac, end_to_end, count, dim


def main():
    spec = json.load(sys.stdin)
    rhs, jac, end_to_end, count, dim = make_flow(spec["widths"], spec["rows"], spec["cols"], spec["observed"])
    y0 = np.array(spec["y0"], dtype=float)
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0], "runs": []}
    if "check" in spec:
        c = spec["check"]
        y = np.array(c["y"], dtype=float)
        f, J = np.array(c["f"]), np.array(c["J"]).reshape(dim, dim)
        # central differences of the NumPy field, as a check of the NumPy Jacobian itself
        fd = np.empty((dim, dim))
        for k in range(dim):
            h = 1e-6 * max(1.0, abs(y[k]))
            e = np.zeros(dim)
            e[k] = h
            fd[:, k] = (rhs(0.0, y + e) - rhs(0.0, y - e)) / (2 * h)
        out["check"] = {
            "rhs": float(np.max(np.abs(rhs(0.0, y) - f)) / np.max(np.abs(f))),
            "jac": float(np.max(np.abs(jac(0.0, y) - J)) / np.max(np.abs(J))),
            "jacVsDifferences": float(np.max(np.abs(jac(0.0, y) - fd)) / np.max(np.abs(J))),
        }
    for r in spec["runs"]:
        count[0] = count[1] = 0
        method = r["method"]
        kw = {} if method == "DOP853" else {"jac": jac}
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (0.0, spec["t1"]), y0, method=method, rtol=r["rtol"], atol=r["atol"], **kw)
        ms = 1000 * (time.perf_counter() - t0)
        out["runs"].append(
            {
                "method": method,
                "rtol": r["rtol"],
                "status": int(sol.status),
                "tFinal": float(sol.t[-1]),
                "nfev": count[0],
                "njev": count[1],
                "nlu": int(sol.nlu),
                "steps": int(len(sol.t) - 1),
                "ms": ms,
                "W": end_to_end(sol.y[:, -1]).ravel().tolist(),
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
