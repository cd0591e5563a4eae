/** Every text about notebooks that is not the notebook's own content, as functions (tests compare with these). */
export const notebookMessages = {
  notAFolder: (dir: string): string =>
    `${dir}: expected an output folder written by gradflow run (a folder holding manifest.json), or the output root above such folders`,
  noOutputFolders: (dir: string): string =>
    `${dir}: no manifest.json here and no output folder below it (expected notebooks-out/<id>/ as written by gradflow run, or notebooks-out itself)`,
  missingFile: (dir: string, file: string): string =>
    `${dir}: ${file} is missing (expected the files gradflow run writes: manifest.json, checks.json, summary.json, trajectory.csv, summary.csv)`,
  badJson: (file: string, why: string): string => `${file}: not valid JSON: ${why}`,
  badField: (file: string, field: string, expected: string): string => `${file}: ${field}: expected ${expected}`,
  altairMissing: (): string => 'Altair is not installed (pip install altair): the figures above are the ones the run stored.',
};
