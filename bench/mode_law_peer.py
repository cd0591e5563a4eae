"""SciPy peer of `gradflow run scenarios/logistic-mode-law.yaml` for bench/startup.ts: the question a
user would answer with a short script instead. Depth 2, width 8, whitened regression towards a 20×20
target with singular values 5, 4, 3, 2, 1; balanced start aligned with the target, every mode at
s0 = 1e-3; solve_ivp RK45 at rtol 1e-10, atol 1e-12 on [0, 12], 121 saved times; the product's
singular values against the logistic law s(t) = σ s0 e^{2σt} / (σ − s0 + s0 e^{2σt}).

  /usr/bin/python3 bench/mode_law_peer.py     # prints the largest deviation from the law
"""
import numpy as np
from scipy.integrate import solve_ivp

n, width, s0, t1 = 20, 8, 1.0e-3, 12.0
sigma = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
rng = np.random.default_rng(42)
U, _ = np.linalg.qr(rng.standard_normal((n, n)))
V, _ = np.linalg.qr(rng.standard_normal((n, n)))
Phi = U[:, :5] @ np.diag(sigma) @ V[:, :5].T

W1 = np.zeros((width, n))
W2 = np.zeros((n, width))
W1[:5] = np.sqrt(s0) * V[:, :5].T
W2[:, :5] = np.sqrt(s0) * U[:, :5]


def rhs(t, y):
    A, B = y[: width * n].reshape(width, n), y[width * n :].reshape(n, width)
    G = B @ A - Phi  # gradient of ½‖W − Φ‖² at the product W = W2 W1
    return np.concatenate([-(B.T @ G).ravel(), -(G @ A.T).ravel()])


ts = np.linspace(0.0, t1, 121)
sol = solve_ivp(rhs, (0.0, t1), np.concatenate([W1.ravel(), W2.ravel()]), method="RK45", rtol=1e-10, atol=1e-12, t_eval=ts)
modes = np.array([np.linalg.svd(y[width * n :].reshape(n, width) @ y[: width * n].reshape(width, n), compute_uv=False)[:5] for y in sol.y.T])
e = np.exp(2 * np.outer(ts, sigma))
law = sigma * s0 * e / (sigma - s0 + s0 * e)
print(f"status {sol.status}, nfev {sol.nfev}, max |s - law| = {np.abs(modes - law).max():.2e}")
