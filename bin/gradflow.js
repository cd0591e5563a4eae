#!/usr/bin/env node
// The gradflow command. Until the CLI lands (scenarios issue) it runs the solver demonstration.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/demo.ts');
