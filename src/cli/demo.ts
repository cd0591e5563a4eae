/**
 * `npm start` until the scenario runner lands: solves the standard problems with every method and
 * prints error and cost, so a fresh clone shows the solvers working. Writes nothing.
 */
import { solve } from '../ode/solve.js';
import type { MethodName, OdeSystem } from '../ode/types.js';
import { ARENSTORF_T, ARENSTORF_Y0, ROBER_REF, VDPOL_REF, arenstorf, robertson, vanDerPolEps } from '../ode/problems.js';

interface Case {
  name: string;
  system: OdeSystem;
  t1: number;
  y0: number[];
  ref: readonly number[];
  rtol: number;
  atol: number | number[];
  methods: MethodName[];
}

const cases: Case[] = [
  { name: 'Arenstorf, one period', system: arenstorf(), t1: ARENSTORF_T, y0: ARENSTORF_Y0, ref: ARENSTORF_Y0, rtol: 1e-10, atol: 1e-10, methods: ['dopri5', 'dop853', 'odex', 'auto'] },
  { name: 'Van der Pol ε=1e-6 on [0,2]', system: vanDerPolEps(1e-6), t1: 2, y0: [2, 0], ref: VDPOL_REF, rtol: 1e-8, atol: 1e-8, methods: ['rodas4', 'auto'] },
  { name: 'Robertson to t=1e11', system: robertson(), t1: 1e11, y0: [1, 0, 0], ref: ROBER_REF, rtol: 1e-8, atol: [1e-12, 1e-16, 1e-12], methods: ['rodas4', 'auto'] },
];

const rows: string[][] = [['problem', 'method', 'status', 'max |y − ref|', 'nfev', 'steps', 'ms']];
for (const c of cases) {
  for (const m of c.methods) {
    const s = solve(c.system, m, { t0: 0, t1: c.t1, y0: c.y0, rtol: c.rtol, atol: c.atol, dense: false });
    const err = Math.max(...c.ref.map((r, i) => Math.abs(s.yFinal[i]! - r)));
    rows.push([c.name, m, s.status, err.toExponential(2), String(s.stats.nfev), String(s.stats.naccepted), s.stats.wallMs.toFixed(1)]);
  }
}
const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
for (const r of rows) console.log(r.map((v, j) => v.padEnd(widths[j]!)).join('  '));
