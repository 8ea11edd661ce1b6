#!/usr/bin/env node
// The CLI runs from its JavaScript build (`npm run build`, done by `npm ci`/`npm install` through
// `prepare`) when that build is newer than every source file; otherwise from the TypeScript sources
// through tsx's loader, so an edit is never run stale. The build saves ~2 s of CPU per start
// (tsx transforms and loads ~200 modules through a loader thread).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

// V8 optimizes a function with TurboFan once it has used up an "interrupt budget" of executed bytecode.
// A conform run is short and most of its code is warm for seconds only: at V8's default budget,
// `npm start` made ~900 TurboFan compilations, ~3 s of CPU on V8's background threads, a quarter of
// the run's CPU on 2 cores. Four times the budget leaves ~320 (~1 s) and the code that stays hot still
// gets optimized: measured in bench/RESULTS.md (section 2). Set before anything runs, so this
// process's functions and every suite worker's (a thread: its isolate reads the flags when created)
// get it; a budget given on the command line wins.
const INTERRUPT_BUDGET = 270_336;
if (!process.execArgv.some((flag) => flag.startsWith('--interrupt-budget'))) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);

const root = join(import.meta.dirname, '..');

// A reader that went away (`conform faults | head -3`) is no failure of the command: what it would
// still print is dropped, and the command finishes as it would have (a run still cleans up what it
// created, and its exit status still says what it found), instead of dying on an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

function builtAt() {
  try {
    return statSync(join(root, 'build', 'BUILT')).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestSource(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const built = builtAt();
let main;
if (built !== undefined && newestSource(join(root, 'src')) <= built) {
  ({ main } = await import('../build/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
