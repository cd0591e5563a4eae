#!/usr/bin/env node
// The gradflow command: runs the compiled CLI in dist/ (plain JavaScript, no TypeScript loader).
// dist/ is built by `npm run build`, which `npm ci`, `npm install` and `npm pack` run (prepare).
// dist/bundle/ is the same CLI bundled by esbuild into a few files, which load in about half the time
// of its 190 modules; dist/cli/main.js is used when the bundle is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const main = existsSync(bundled) ? bundled : new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(`gradflow: ${fileURLToPath(main)} is missing; build it with \`npm run build\` in the gradflow folder\n`);
  process.exit(2);
}
await import(main.href);
