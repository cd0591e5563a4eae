// Worker-thread entry in plain JavaScript: registers tsx so the TypeScript worker can load.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
