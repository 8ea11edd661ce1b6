import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The files of a hand-over (api-handoff.ts). Suite workers start while the documents still load, so
 * a worker may ask for a model before it exists: each model file appears whole (write-whole.ts), and a
 * marker beside them says that no more will come.
 */

/** A model as the loading thread wrote it: the fingerprint of the sources it was loaded from, and its bytes. */
export interface HandedModelFile {
  readonly fingerprint: string;
  readonly bytes: Buffer;
}

/** How long a worker waits for the loading thread before loading the document itself: far more than loading takes. */
export const HANDOVER_WAIT_LIMIT_MS = 120_000;

/** How often a waiting worker looks again: loading takes hundreds of milliseconds. */
const POLL_MS = 5;

function doneMarker(dir: string): string {
  return join(dir, 'done');
}

/** A model as a hand-over file holds it (also what the model cache keeps, model-cache.ts). */
export function encodeHandedModel(model: HandedModelFile): Buffer {
  return Buffer.concat([Buffer.from(`${model.fingerprint}\n`), model.bytes]);
}

/** Says that the hand-over in `dir` is over: a model not there by now never comes. Safe to call again. */
export async function markHandoverDone(dir: string): Promise<void> {
  await writeFile(doneMarker(dir), '');
}

/**
 * The model at `file`, once the loading thread has written it; undefined when the hand-over ended
 * without it (the document failed to load there, the thread stopped) or did not end within `limitMs`.
 */
export async function readHandedModel(file: string, limitMs: number = HANDOVER_WAIT_LIMIT_MS): Promise<HandedModelFile | undefined> {
  const done = doneMarker(dirname(file));
  const deadline = performance.now() + limitMs;
  // The model is renamed into place before the marker is written: seeing the marker, look once more.
  while (!existsSync(file) && !existsSync(done) && performance.now() < deadline) await sleep(POLL_MS);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return undefined;
  }
  return decodeHandedModel(content);
}

/** What {@link encodeHandedModel} wrote; undefined for anything else. */
export function decodeHandedModel(content: Buffer): HandedModelFile | undefined {
  const newline = content.indexOf(0x0a);
  if (newline < 0) return undefined;
  return { fingerprint: content.subarray(0, newline).toString('latin1'), bytes: content.subarray(newline + 1) };
}
