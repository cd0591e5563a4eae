#!/usr/bin/env node
// The gradflow command: registers tsx (the sources are TypeScript) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
