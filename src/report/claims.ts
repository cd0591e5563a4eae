/**
 * The report's answers to stated claims (`claim:` on a paired check): for each, whether the measured
 * 95% intervals of the paired differences support it — holds (every cell's interval on the claimed
 * side of 0), does not hold (some cell's interval on the other side), or not resolved by these runs
 * (an interval contains 0) — followed by the numbers. And the statistics table of `compare:`.
 */
import type { Cell } from '../checks/cell.js';
import type { CheckResult } from '../checks/checkResult.js';
import { cellSummary } from '../checks/pairing.js';
import type { RunResult } from '../checks/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { cellLabel } from './figures.js';

const num = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

/** One claim's verdict and the sentence that reports it. */
export interface ClaimAnswer {
  readonly claim: string;
  readonly verdict: 'holds' | 'does not hold' | 'not resolved' | 'not evaluated';
  readonly text: string;
}

export function claimAnswers(s: Scenario, cells: readonly Cell[], checks: readonly CheckResult[]): ClaimAnswer[] {
  const out: ClaimAnswer[] = [];
  s.checks.forEach((c, i) => {
    if (c.kind !== 'paired' || !c.claim) return;
    const rows = checks[i]?.paired ?? [];
    const sign = c.claim.direction === 'below' ? -1 : 1;
    const supports = (lo: number, hi: number): boolean => (sign < 0 ? hi < 0 : lo > 0);
    const contradicts = (lo: number, hi: number): boolean => (sign < 0 ? lo > 0 : hi < 0);
    const verdict: ClaimAnswer['verdict'] =
      rows.length === 0
        ? 'not evaluated'
        : rows.every((r) => supports(r.lo, r.hi))
          ? 'holds'
          : rows.some((r) => contradicts(r.lo, r.hi))
            ? 'does not hold'
            : 'not resolved';
    if (verdict === 'not evaluated') {
      out.push({
        claim: c.claim.text,
        verdict,
        text: `these runs hold no cell of the claim with its reference cell (${checks[i]?.reason ?? 'no paired interval'}).`,
      });
      return;
    }
    const numbers = rows.map((r) => `${cellLabel(cells[r.cell]!)}: ${num(r.centre)} [${num(r.lo)}, ${num(r.hi)}] (${String(r.n)} pairs)`).join('; ');
    const why =
      verdict === 'not resolved'
        ? rows.some((r) => Number.isNaN(r.lo) || Number.isNaN(r.hi))
          ? ' (an interval is undefined: fewer than 2 pairs)'
          : ' (an interval contains 0)'
        : '';
    out.push({
      claim: c.claim.text,
      verdict,
      text: `under exact gradient flow, in these runs${why}. ${c.statistic === 'median' ? 'Median' : 'Mean'} paired difference of the final ${c.quantity} to the reference cell, with its 95% interval: ${numbers}.`,
    });
  });
  return out;
}

/** The rows of the statistics table: per compared quantity and cell, n, mean ± std and both intervals. */
export function statisticsRows(s: Scenario, cells: readonly Cell[], results: readonly RunResult[]): string[][] {
  if (!s.compare) return [];
  const rows: string[][] = [];
  for (const q of s.compare.quantities)
    for (const cell of cells) {
      const d = cellSummary(s, results, cell.index, q);
      rows.push([
        q,
        cellLabel(cell),
        String(d?.n ?? 0),
        d ? `${num(d.mean)} ± ${num(d.std)}` : '',
        d ? `[${num(d.ci95[0])}, ${num(d.ci95[1])}]` : '',
        d ? num(d.median) : '',
        d?.medianCI95 ? `[${num(d.medianCI95[0])}, ${num(d.medianCI95[1])}]` : '',
      ]);
    }
  return rows;
}
