/**
 * The Python cells of a scenario's notebook. gradflow does not run them; where a cell has an output,
 * gradflow stores the output the cell prints when run in the output folder (the figure bundles, the
 * row and run counts), so the notebook opens complete and running it changes nothing.
 */
import { notebookMessages } from './notebookMessages.js';
import { VEGALITE_MIME, VEGALITE_SCHEMA } from './notebookVegaLite.js';

/** Runs drawn per cell by the Altair example (the report draws as many). */
const DRAWN_RUNS = 12;

/** Defines `show(name)`: displays `figures/<name>` as the stored outputs hold it (Vega-Lite and PNG; the SVG only without a PNG: nbconvert 6.5 draws inline SVG blank). */
export const showHelperCode = (): string => `import base64
import json
import re
from pathlib import Path

from IPython.display import display


def svg_size(svg):
    """Width and height of the SVG's root element, in pixels ({} when it has none)."""
    root = re.search(r"<svg\\b[^>]*>", svg)
    found = [re.search(rf'\\s{key}="([\\d.]+)"', root.group(0)) if root else None for key in ("width", "height")]
    if not all(found):
        return {}
    values = [float(m.group(1)) for m in found]
    return {key: int(v) if v.is_integer() else v for key, v in zip(("width", "height"), values)}


def show(name):
    """Displays figures/<name> as gradflow stored it: Vega-Lite (drawn by JupyterLab and VS Code) and PNG (the SVG when there is no PNG)."""
    spec = json.loads(Path(f"figures/{name}.vl.json").read_text(encoding="utf-8"))
    spec["$schema"] = "${VEGALITE_SCHEMA}"  # the Vega-Lite major that JupyterLab 4 and VS Code bundle
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    svg = Path(f"figures/{name}.svg").read_text(encoding="utf-8")
    data = {
        "${VEGALITE_MIME}": spec,
        "text/plain": f"<figure {name}: {title if isinstance(title, str) else name}>",
    }
    metadata = {}
    png = Path(f"figures/{name}.png")
    if png.exists():
        data["image/png"] = base64.b64encode(png.read_bytes()).decode("ascii")
        size = svg_size(svg)
        if size:
            metadata["image/png"] = size  # the PNG is drawn at 2x: shown at the SVG's size
    else:
        data["image/svg+xml"] = svg  # nbconvert 6.5 draws inline SVG blank: only when there is no PNG
    display(data, metadata=metadata, raw=True)
`;

/** Data rows and columns of a CSV that gradflow wrote (no quoted line breaks: its cells never hold one); counts newlines without splitting. */
export function csvShape(text: string): { rows: number; columns: number } {
  let lineCount = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCount++;
  if (text.length > 0 && !text.endsWith('\n')) lineCount++;
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  return { rows: Math.max(0, lineCount - 1), columns: header === '' ? 0 : header.split(',').length };
}

/** The statuses column of summary.csv, counted: `loss-reached × 3, precision-limit × 1` (sorted by status). */
export function statusCounts(summaryCsv: string): string {
  const ls = summaryCsv.split('\n').filter((l) => l !== '');
  const col = ls[0]?.split(',').indexOf('status') ?? -1;
  const counts = new Map<string, number>();
  if (col >= 0) for (const l of ls.slice(1)) counts.set(l.split(',')[col]!, (counts.get(l.split(',')[col]!) ?? 0) + 1);
  return [...counts.keys()]
    .sort()
    .map((s) => `${s} × ${String(counts.get(s))}`)
    .join(', ');
}

/** Loads trajectory.csv and summary.csv with pandas, and prints their sizes. */
export const loadDataCode = (): string => `import pandas as pd

trajectory = pd.read_csv("trajectory.csv")  # one row per run × saved time
summary = pd.read_csv("summary.csv")  # one row per run: status, solver counts, final values
print(f"trajectory.csv: {len(trajectory)} rows, {trajectory.shape[1]} columns")
print(f"summary.csv: {len(summary)} runs; " + ", ".join(f"{s} × {n}" for s, n in summary["status"].value_counts().sort_index().items()))
`;

/** What {@link loadDataCode} prints, computed from the same files. */
export function loadDataOutput(trajectoryCsv: string, summaryCsv: string): string {
  const t = csvShape(trajectoryCsv);
  const s = csvShape(summaryCsv);
  return `trajectory.csv: ${String(t.rows)} rows, ${String(t.columns)} columns\nsummary.csv: ${String(s.rows)} runs; ${statusCounts(summaryCsv)}\n`;
}

/** Redraws the loss against time with Altair when it is installed (`time` is the trajectory's time column, `t` or `tau`). */
export const altairCode = (time: string, timeAxis: string): string => `try:
    import altair as alt
except ImportError:
    alt = None
    print(${JSON.stringify(notebookMessages.altairMissing())})

if alt is not None:
    alt.data_transformers.disable_max_rows()
    drawn = trajectory[(trajectory["run"] < ${String(DRAWN_RUNS)}) & (trajectory[${JSON.stringify(time)}] > 0) & (trajectory["loss"] > 0)]
    drawn = drawn.assign(series=drawn["cell"].astype(str) + " / " + drawn["run"].astype(str))
    chart = (
        alt.Chart(drawn, title="Loss against time, redrawn from trajectory.csv")
        .mark_line()
        .encode(
            x=alt.X(${JSON.stringify(`${time}:Q`)}, scale=alt.Scale(type="log"), title=${JSON.stringify(timeAxis)}),
            y=alt.Y("loss:Q", scale=alt.Scale(type="log"), title="loss E(W)"),
            color=alt.Color("series:N", title="cell / run"),
        )
    )
    display(chart)
`;
