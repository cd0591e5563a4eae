/** A scenario end to end: run → checks → tables → figures → report and manifest; shards, merge, resume, Slurm scripts. */
export { executeScenario, writeScenario, type ExecuteOptions, type ScenarioReport } from './execute.js';
export { executeShard, shardFolder, type ShardManifest, type ShardReport } from './shard.js';
export { mergeShards, ShardError, type MergeReport } from './merge.js';
export { parseShard, shardTasks, type ShardSpec } from './shardPlan.js';
export { recheckFolder, type Rechecked } from './recheck.js';
export { arrayScript, mergeScript, type SlurmJob } from './slurmScript.js';
