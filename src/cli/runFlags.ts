/** The flags of `gradflow run` (and `check`, `run --shard`), in their own module so that the landscape runner reads them without importing `run`. */
export interface RunFlags {
  readonly out: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly seed?: string;
  readonly set: string[];
  readonly workers: string;
  readonly allowLarge?: boolean;
  /** Apply each scenario's reduced `quick:` profile (what `npm start` runs). */
  readonly quick?: boolean;
  /** false with `--no-notebook`: no report.ipynb. */
  readonly notebook?: boolean;
  readonly debug?: boolean;
  /** Keep the runs an interrupted earlier run logged (`<out>/<id>.partial/`), compute the rest. */
  readonly resume?: boolean;
  /** Exit 1 when a check is not evaluated (its selection holds no run), as when one fails. */
  readonly strict?: boolean;
}
