"""SciPy peers for gradflow's solver benchmarks (Debian python3-scipy, run with /usr/bin/python3).

  /usr/bin/python3 bench/scipy_peer.py counts        # the figures recorded in test/ode/*.test.ts
  /usr/bin/python3 bench/scipy_peer.py json RUNS     # work-precision data for bench/run.ts
"""
import json
import platform
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

MU_A = 0.012277471
T_ARENSTORF = 17.0652165601579625588917206249
Y0_ARENSTORF = [0.994, 0.0, 0.0, -2.00158510637908252240537862224]
ROBER_REF = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050]


def arenstorf(t, y):
    mup = 1 - MU_A
    x, yy, u, v = y
    d1 = ((x + MU_A) ** 2 + yy ** 2) ** 1.5
    d2 = ((x - mup) ** 2 + yy ** 2) ** 1.5
    return [u, v, x + 2 * v - mup * (x + MU_A) / d1 - MU_A * (x - mup) / d2, yy - 2 * u - mup * yy / d1 - MU_A * yy / d2]


def vdp(t, y, mu=1e3):
    return [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y, mu=1e3):
    return [[0.0, 1.0], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] ** 2)]]


def rober(t, y):
    a = 0.04 * y[0]
    b = 1e4 * y[1] * y[2]
    c = 3e7 * y[1] ** 2
    return [-a + b, a - b - c, c]


def rober_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]], [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]], [0.0, 6e7 * y[1], 0.0]]


def rel_error(y, ref, floor_factor):
    """max_i |y_i − ref_i| / max(|ref_i|, floor·‖ref‖∞) — the same measure as bench/run.ts."""
    ref = np.asarray(ref)
    floor = floor_factor * np.max(np.abs(ref))
    return float(np.max(np.abs(np.asarray(y) - ref) / np.maximum(np.abs(ref), floor)))


def counts():
    for m in ["RK45", "DOP853"]:
        for tol in [1e-6, 1e-10]:
            s = solve_ivp(arenstorf, (0, T_ARENSTORF), Y0_ARENSTORF, method=m, rtol=tol, atol=tol)
            print(f"arenstorf {m} tol={tol:g}: nfev={s.nfev} steps={len(s.t) - 1}")
    for k in range(3, 11):
        tol = 10.0 ** -k
        s = solve_ivp(vdp, (0, 3000), [2, 0], method="LSODA", rtol=tol, atol=tol, jac=vdp_jac)
        print(f"vdp mu=1e3 LSODA jac rtol=atol={tol:g}: nfev={s.nfev} njev={s.njev}")
    for k in range(3, 11):
        tol = 10.0 ** -k
        s = solve_ivp(rober, (0, 1e11), [1, 0, 0], method="LSODA", rtol=tol, atol=tol * 1e-4, jac=rober_jac)
        print(f"robertson LSODA jac rtol={tol:g} atol={tol * 1e-4:g}: nfev={s.nfev} njev={s.njev}")


def problems(vdp_ref):
    return {
        "arenstorf": dict(f=arenstorf, jac=None, span=(0, T_ARENSTORF), y0=Y0_ARENSTORF, ref=Y0_ARENSTORF,
                          methods=["RK45", "DOP853", "Radau", "LSODA"], atol=lambda tol: tol, floor=1.0),
        "vanderpol": dict(f=vdp, jac=vdp_jac, span=(0, 3000), y0=[2.0, 0.0], ref=vdp_ref,
                          methods=["Radau", "LSODA"], atol=lambda tol: tol, floor=1e-6),
        "robertson": dict(f=rober, jac=rober_jac, span=(0, 1e11), y0=[1.0, 0.0, 0.0], ref=ROBER_REF,
                          methods=["Radau", "LSODA"], atol=lambda tol: tol * 1e-4, floor=1e-6),
    }


def work_precision(runs, tols):
    t0 = time.perf_counter()
    ref = solve_ivp(vdp, (0, 3000), [2.0, 0.0], method="Radau", rtol=1e-13, atol=1e-13, jac=vdp_jac)
    vdp_ref = ref.y[:, -1].tolist()
    out = []
    for name, p in problems(vdp_ref).items():
        for m in p["methods"]:
            for tol in tols:
                kw = dict(method=m, rtol=tol, atol=p["atol"](tol))
                if p["jac"] is not None:
                    kw["jac"] = p["jac"]
                times = []
                for _ in range(runs):
                    a = time.perf_counter()
                    s = solve_ivp(p["f"], p["span"], p["y0"], **kw)
                    times.append((time.perf_counter() - a) * 1e3)
                out.append(dict(problem=name, method=m, tol=tol, nfev=int(s.nfev), njev=int(s.njev),
                                steps=len(s.t) - 1, status=int(s.status), error=rel_error(s.y[:, -1], p["ref"], p["floor"]),
                                ms=times))
    return dict(python=platform.python_version(), scipy=scipy.__version__, numpy=np.__version__,
                vdp_ref=vdp_ref, results=out, seconds=time.perf_counter() - t0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "json":
        runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
        tols = [float(x) for x in sys.argv[3].split(",")] if len(sys.argv) > 3 else [10.0 ** -k for k in range(3, 11)]
        print(json.dumps(work_precision(runs, tols)))
    else:
        counts()
