#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so `npx conform` works right after `npm ci`
// with no build step that could go stale against src/.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
