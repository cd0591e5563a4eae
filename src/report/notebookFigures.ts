/**
 * The figures of an output folder, in the order the HTML report shows them: each spec carries its
 * place as `usermeta.figure` (`figures.ts`, `landscapeFigures.ts`), so a notebook rebuilt from the
 * files on disk (`gradflow notebook`) is the one the run wrote. Folders written before figures were
 * named after what they show (`figure-1`, `loss`, `check-2`, …) have no `usermeta`: their order is
 * computed from the names (`figureOrder`).
 */
import { codeCell, displayData, markdownCell, type Cell } from './notebookFormat.js';
import { showHelperCode } from './notebookPython.js';
import { figureBundle, figureTitle, type StoredFigure } from './notebookVegaLite.js';

const FIXED = ['loss', 'erank', 'invariant-drift'];

/** The sort key of a figure name: [group, number, sub-order]. */
function rank(name: string): [number, number, number] {
  const own = /^figure-(\d+)$/.exec(name);
  if (own) return [0, Number(own[1]), 0];
  const fixed = FIXED.indexOf(name);
  if (fixed >= 0) return [1, fixed, 0];
  const check = /^check-(\d+)(-error)?$/.exec(name);
  if (check) return [2, Number(check[1]), check[2] ? 1 : 0];
  if (name === 'erank-histogram') return [3, 0, 0];
  const fraction = /^fraction-(\d+)$/.exec(name);
  if (fraction) return [4, Number(fraction[1]), 0];
  return [5, 0, 0];
}

/** Compares two legacy figure names in report order (unknown names last, by name). */
export function figureOrder(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The figures among an output folder's files (`figures/<name>.vl.json` with its `.svg`; the `.png`
 * when there is one), in report order. `parse` reads a spec (and says which file failed).
 */
export function storedFigures(
  files: Readonly<Record<string, string | Buffer>>,
  parse: (file: string, text: string) => Record<string, unknown>,
): StoredFigure[] {
  const names = Object.keys(files)
    .map((f) => /^figures\/([^/]+)\.vl\.json$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined && files[`figures/${n}.svg`] !== undefined);
  const figures = names.map((name) => {
    const png = files[`figures/${name}.png`];
    return {
      name,
      spec: parse(`figures/${name}.vl.json`, files[`figures/${name}.vl.json`]!.toString()),
      svg: files[`figures/${name}.svg`]!.toString(),
      png: png === undefined ? undefined : Buffer.isBuffer(png) ? png : Buffer.from(png),
    };
  });
  return figures.sort((a, b) => placeOf(a.spec) - placeOf(b.spec) || figureOrder(a.name, b.name));
}

/** A figure's place in the report, from its spec's `usermeta.figure` (Infinity when it has none). */
export function placeOf(spec: Readonly<Record<string, unknown>>): number {
  const meta = spec.usermeta;
  const place = meta !== null && typeof meta === 'object' ? (meta as { figure?: unknown }).figure : undefined;
  return typeof place === 'number' && Number.isFinite(place) ? place : Infinity;
}

/**
 * The figure cells of a notebook (run and landscape folders alike): a Markdown heading, the `show`
 * helper, and one code cell per figure whose stored output is its Vega-Lite spec and PNG.
 */
export function figureCells(figures: readonly StoredFigure[]): Cell[] {
  const cells: Cell[] = [
    markdownCell(
      'figures',
      figures.length > 0
        ? '## Figures\n\nEach figure is stored as its Vega-Lite spec (drawn by JupyterLab and VS Code) and a PNG (shown by nbconvert and GitHub); the SVG is in `figures/`. Running a cell shows it again from `figures/`; the specs hold their data inline.\n'
        : '## Figures\n\nThis output folder has no figures.\n',
    ),
  ];
  if (figures.length > 0) cells.push(codeCell('show-helper', showHelperCode()));
  for (const f of figures) {
    const { data, metadata } = figureBundle(f);
    cells.push(codeCell(`figure-${f.name}`, `show(${JSON.stringify(f.name)})  # ${figureTitle(f).replace(/\s*\n\s*/g, ' ')}`, [displayData(data, metadata)]));
  }
  return cells;
}
