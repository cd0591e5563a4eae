// Worker-process entry in plain JavaScript: registers tsx so the TypeScript worker can load
// (the same pattern as src/experiment/workerBoot.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./validateWorker.ts');
