"""NumPy peers of gradflow's flow right-hand sides (bench/flows.ts), on the same states.

  /usr/bin/python3 bench/flows_peer.py RUNS    # JSON: evaluations per second, medians of RUNS
"""
import json
import sys
import time

import numpy as np


def state(rows, cols, j, scale):
    i = np.arange(rows)[:, None]
    k = np.arange(cols)[None, :]
    return scale * np.sin(1.0 + 0.37 * i + 0.91 * k + 1.3 * j)


def target(rows, cols):
    i = np.arange(rows)[:, None]
    k = np.arange(cols)[None, :]
    return np.cos(i + 2.0 * k)


def upstairs_rhs(Ws, Phi):
    N = len(Ws)
    P = [None] * (N + 1)
    P[1] = Ws[0]
    for j in range(2, N + 1):
        P[j] = Ws[j - 1] @ P[j - 1]
    B = P[N] - Phi  # G for whitened regression
    out = [None] * N
    for j in range(N, 0, -1):
        out[j - 1] = -(B @ P[j - 1].T) if j > 1 else -B
        if j > 1:
            B = Ws[j - 1].T @ B
    return out


def log_mean(a, b):
    hi = np.maximum(a, b)
    lo = np.minimum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.log(hi / lo)
        lam = lo * np.expm1(x) / x
    lam = np.where(x == 0, hi, lam)
    return np.where(lo == 0, 0.0, lam)


def infinite_rhs(W, Phi):
    m, n = W.shape
    U, s, Vt = np.linalg.svd(W, full_matrices=True)
    s2r = np.zeros(m)
    s2c = np.zeros(n)
    k = len(s)
    s2r[:k] = s**2
    s2c[:k] = s**2
    G = W - Phi
    Gh = U.T @ G @ Vt.T
    return -(U @ (log_mean(s2r[:, None], s2c[None, :]) * Gh) @ Vt)


def infinite_rhs_rank(W, Phi, k):
    """The N = ∞ field held to rank k: evaluated at the nearest rank-k matrix (gradflow's lowRank.ts)."""
    m, n = W.shape
    U, s, Vt = np.linalg.svd(W, full_matrices=True)
    s = s.copy()
    s[k:] = 0.0
    Wk = (U[:, :k] * s[:k]) @ Vt[:k]
    s2r = np.zeros(m)
    s2c = np.zeros(n)
    s2r[: len(s)] = s**2
    s2c[: len(s)] = s**2
    Gh = U.T @ (Wk - Phi) @ Vt.T
    return -(U @ (log_mean(s2r[:, None], s2c[None, :]) * Gh) @ Vt)


def rate(fn, min_seconds=0.3):
    fn()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.1:
        fn()
    count = 0
    t0 = time.perf_counter()
    while True:
        fn()
        count += 1
        el = time.perf_counter() - t0
        if el >= min_seconds:
            return count / el


def cases():
    out = {}
    for name, widths in [("upstairs 2x2 N=3", [2, 2, 2, 2]), ("upstairs 50x50 width 500 N=2", [50, 500, 50]), ("upstairs 50x50 width 500 N=3", [50, 500, 500, 50]), ("upstairs 50x50 width 2000 N=2", [50, 2000, 50]), ("upstairs 20x20 N=10", [20] * 11)]:
        Ws = [state(widths[j], widths[j - 1], j, 1.0 / np.sqrt(widths[j - 1])) for j in range(1, len(widths))]
        Phi = target(widths[-1], widths[0])
        out[name] = lambda Ws=Ws, Phi=Phi: upstairs_rhs(Ws, Phi)
    W = state(50, 50, 0, 0.2)
    Phi = target(50, 50)
    cycle = [W + 1e-4 * state(50, 50, c + 1, 1.0) for c in range(8)]
    ctr = [0]

    def inf():
        ctr[0] = (ctr[0] + 1) % 8
        return infinite_rhs(cycle[ctr[0]], Phi)

    out["downstairs 50x50 N=inf"] = inf
    A = state(50, 5, 1, 0.3)
    B = state(50, 5, 2, 0.3)
    low = [(A + 1e-4 * state(50, 5, c + 3, 1.0)) @ B.T for c in range(8)]
    ctr2 = [0]

    def inf_rank():
        ctr2[0] = (ctr2[0] + 1) % 8
        return infinite_rhs_rank(low[ctr2[0]], Phi, 5)

    out["downstairs 50x50 rank 5 N=inf"] = inf_rank
    return out


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    res = {name: [rate(fn) for _ in range(runs)] for name, fn in cases().items()}
    print(json.dumps({"numpy": np.__version__, "rates": res}))
