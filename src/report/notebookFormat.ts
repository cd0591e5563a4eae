/**
 * The Jupyter notebook format (nbformat 4.5), written without Python: cells with ids, stored
 * outputs, and the serialisation Jupyter itself uses (keys sorted, indent 1, text as a list of
 * lines), so that a notebook gradflow writes and the same notebook saved by JupyterLab differ only
 * where the user changed something.
 * @see https://nbformat.readthedocs.io/en/latest/format_description.html
 */

/** A MIME bundle: text MIME types hold a list of lines, JSON ones an object, images base64 text. */
export type MimeBundle = Record<string, unknown>;

/** A `display_data` output, as a stored code cell carries it. */
export interface DisplayData {
  readonly output_type: 'display_data';
  readonly data: MimeBundle;
  readonly metadata: Record<string, unknown>;
}

/** A `stream` output (what `print` writes). */
export interface StreamOutput {
  readonly output_type: 'stream';
  readonly name: 'stdout' | 'stderr';
  readonly text: string[];
}

export type Output = DisplayData | StreamOutput;

export interface MarkdownCell {
  readonly cell_type: 'markdown';
  readonly id: string;
  readonly metadata: Record<string, unknown>;
  readonly source: string[];
}

export interface CodeCell {
  readonly cell_type: 'code';
  readonly id: string;
  readonly execution_count: null;
  readonly metadata: Record<string, unknown>;
  readonly outputs: Output[];
  readonly source: string[];
}

export type Cell = MarkdownCell | CodeCell;

export interface Notebook {
  readonly cells: Cell[];
  readonly metadata: Record<string, unknown>;
  readonly nbformat: 4;
  readonly nbformat_minor: 5;
}

/** nbformat 4.5 cell ids: 1–64 characters of letters, digits, `-` and `_`. */
export const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** A cell id from a name: other characters become `-`, cut to 64 characters. */
export const cellId = (name: string): string => name.replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 64) || 'cell';

/**
 * Text as nbformat stores it: a list of lines, each but the last ending in `\n`
 * (`"a\nb\n"` → `["a\n", "b\n"]`, `""` → `[]`).
 */
export function lines(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out.length === 1 && out[0] === '' ? [] : out;
}

export const markdownCell = (id: string, text: string): MarkdownCell => ({ cell_type: 'markdown', id: cellId(id), metadata: {}, source: lines(text) });

/** A code cell that gradflow does not execute; `outputs` are stored as the run computed them. */
export const codeCell = (id: string, code: string, outputs: Output[] = []): CodeCell => ({
  cell_type: 'code',
  id: cellId(id),
  execution_count: null,
  metadata: {},
  outputs,
  source: lines(code),
});

export const displayData = (data: MimeBundle, metadata: Record<string, unknown> = {}): DisplayData => ({ output_type: 'display_data', data, metadata });

export const stdout = (text: string): StreamOutput => ({ output_type: 'stream', name: 'stdout', text: lines(text) });

/** The kernel every gradflow notebook names: Python 3 through ipykernel. */
export const PYTHON3_METADATA = {
  kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
  language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python' },
};

export const notebook = (cells: Cell[], metadata: Record<string, unknown> = {}): Notebook => ({
  cells,
  metadata: { ...PYTHON3_METADATA, ...metadata },
  nbformat: 4,
  nbformat_minor: 5,
});

/** Object keys sorted at every level, as Python's `json.dumps(sort_keys=True)` writes them. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sorted(o[k])]),
    );
  }
  return v;
}

/** The file's bytes, as Jupyter writes a notebook: sorted keys, indent 1, UTF-8 text, a final newline. */
export const serializeNotebook = (nb: Notebook): string => JSON.stringify(sorted(nb), null, 1) + '\n';
