/**
 * The deepest nesting of flow collections (`[`, `{`) in YAML/JSON text, stopping once it passes
 * `stop`; brackets inside quoted strings and comments do not count. Checked before parsing: the YAML
 * parser's memory grows with the nesting (100,000 levels exhausted a 512 MB heap).
 */
export function flowNesting(text: string, stop: number): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  let comment = false;
  // the last character that was not a space: a quote opens a string only where a scalar starts
  // (an apostrophe inside a plain scalar, as in "don't", opens nothing)
  let before = '\n';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (comment) {
      if (ch === '\n') {
        comment = false;
        before = '\n';
      }
      continue;
    }
    if (quote !== '') {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        quote = '';
        before = ch;
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if ((ch === '"' || ch === "'") && SCALAR_START.includes(before)) quote = ch;
    else if (ch === '#' && /\s/.test(text[i - 1] ?? '\n')) comment = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stop) return deepest;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    before = ch;
  }
  return deepest;
}

/** Characters after which a YAML/JSON scalar starts. */
const SCALAR_START = '\n:[{,-?';
