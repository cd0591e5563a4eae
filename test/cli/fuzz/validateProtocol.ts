/** Messages between the fuzz test and its validation workers, and the limits they check. */

/** The file name mutants are validated under; every `ScenarioError` message must start with it. */
export const FUZZ_FILE = 'fuzz-mutant.yaml';
/** Longest acceptable error message (a 1 MB field echoed back is not a clear error). */
export const MAX_MESSAGE = 10_000;

export interface ValidateTask {
  readonly id: number;
  readonly seed: number;
  readonly index: number;
}

export interface ValidateReply {
  readonly id: number;
  /** Wall time of `parseScenario` alone. */
  readonly ms: number;
  readonly valid: boolean;
  readonly failure?: { line: string; where: string; text: string; ops: string[]; base: string };
}

/** Sent once by a worker when it has loaded: the median time of validating the curated scenarios. */
export interface ReadyMessage {
  readonly ready: true;
  readonly calibrationMs: number;
}
