"""SciPy's Runge–Kutta vector arithmetic at large sizes, the peer of bench/stageArithmetic.ts.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/stage_peer.py N STEPS RUNS
      # JSON: per method (RK45, DOP853), seconds per step with y' = −y and seconds per call of f

Every step is accepted at h = max_step = 0.01 (y' = −y is resolved far below rtol 1e-6), so each
timed step is one rk_step plus the error norm and controller: `s` evaluations of f (6 RK45, 12 DOP853).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import DOP853, RK45


def f(t, y):
    return -y


def per_step(cls, n, steps):
    y0 = np.cos(np.arange(n, dtype=float))
    solver = cls(f, 0.0, y0, 1e9, max_step=0.01, first_step=0.01, rtol=1e-6, atol=1e-9)
    for _ in range(5):  # warm-up
        solver.step()
    nfev = solver.nfev
    t0 = time.perf_counter()
    for _ in range(steps):
        solver.step()
    el = time.perf_counter() - t0
    assert solver.status == "running"
    return el / steps, (solver.nfev - nfev) / steps


def per_call(n, calls):
    y = np.cos(np.arange(n, dtype=float))
    f(0.0, y)
    t0 = time.perf_counter()
    for _ in range(calls):
        f(0.0, y)
    return (time.perf_counter() - t0) / calls


if __name__ == "__main__":
    n, steps, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "methods": {}}
    for name, cls in [("RK45", RK45), ("DOP853", DOP853)]:
        step_s, fcall_s, evals = [], [], 0.0
        for _ in range(runs):
            s, evals = per_step(cls, n, steps)
            step_s.append(s)
            fcall_s.append(per_call(n, steps * 4))
        out["methods"][name] = {"step_s": step_s, "f_s": fcall_s, "evals_per_step": evals}
    print(json.dumps(out))
