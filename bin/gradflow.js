#!/usr/bin/env node
// The gradflow command: runs the compiled CLI in dist/ (plain JavaScript, no TypeScript loader).
// dist/ is built by `npm run build`, which `npm ci`, `npm install` and `npm pack` run (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(`gradflow: ${fileURLToPath(main)} is missing; build it with \`npm run build\` in the gradflow folder\n`);
  process.exit(2);
}
await import(main.href);
