"""SciPy peers for gradflow's solver benchmarks (Debian python3-scipy, run with /usr/bin/python3).

  /usr/bin/python3 bench/scipy_peer.py counts        # prints the reference counts the ODE tests use
  /usr/bin/python3 bench/scipy_peer.py --write-fixture test/ode/fixtures/scipy-counts.json
                                                     # writes them as the fixture the tests read
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


TOLS = [float(f"1e-{k}") for k in range(3, 11)]


def count_runs():
    """The reference runs the ODE tests compare with: problem, method, tolerances and SciPy's counts."""
    runs = []

    def run(problem, f, span, y0, method, rtol, atol, jac=None):
        kw = dict(method=method, rtol=rtol, atol=atol)
        if jac is not None:
            kw["jac"] = jac
        s = solve_ivp(f, span, y0, **kw)
        runs.append(dict(problem=problem, method=method, jacobian=jac is not None, rtol=rtol, atol=atol,
                         status=int(s.status), nfev=int(s.nfev), njev=int(s.njev), nlu=int(s.nlu),
                         steps=len(s.t) - 1))

    for m in ["RK45", "DOP853"]:
        for tol in [1e-6, 1e-10]:
            run("arenstorf", arenstorf, (0, T_ARENSTORF), Y0_ARENSTORF, m, tol, tol)
    for tol in TOLS:
        run("vanderpol-mu1e3", vdp, (0, 3000), [2.0, 0.0], "LSODA", tol, tol, vdp_jac)
    for tol in TOLS:
        run("robertson", rober, (0, 1e11), [1.0, 0.0, 0.0], "LSODA", tol, tol * 1e-4, rober_jac)
    return runs


def counts():
    for r in count_runs():
        print(f"{r['problem']} {r['method']} jac={r['jacobian']} rtol={r['rtol']:g} atol={r['atol']:g}: "
              f"nfev={r['nfev']} njev={r['njev']} steps={r['steps']}")


def write_fixture(path):
    """Writes count_runs() with the versions and the command that produced them (one run per line)."""
    head = dict(
        description="SciPy solve_ivp reference counts for test/ode/*.test.ts: Arenstorf (one period, "
                    "rtol = atol), Van der Pol mu = 1e3 on [0, 3000] from (2, 0) (rtol = atol) and Robertson "
                    "to 1e11 (atol = 1e-4 rtol), LSODA with the analytic Jacobian; steps = len(t) - 1 (accepted).",
        command=f"/usr/bin/python3 bench/scipy_peer.py --write-fixture {path}",
        python=platform.python_version(), scipy=scipy.__version__, numpy=np.__version__,
    )
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()] + ['  "runs": [']
    runs = count_runs()
    lines += [f"    {json.dumps(r)}{',' if i < len(runs) - 1 else ''}" for i, r in enumerate(runs)]
    lines += ["  ]", "}"]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


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
    elif len(sys.argv) == 3 and sys.argv[1] == "--write-fixture":
        write_fixture(sys.argv[2])
    else:
        counts()
