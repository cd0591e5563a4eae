// Worker-thread entry when gradflow runs from its TypeScript sources under tsx (tests, `tsx
// src/cli/main.ts`): registers tsx in the worker so worker.ts can load. The compiled package
// (dist/) starts dist/experiment/worker.js directly and never loads this file (tsx is a devDependency).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
