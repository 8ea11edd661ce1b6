import { readFileSync } from 'node:fs';

/** The entries of a HAR file conform wrote; anything else is an error naming the file. */
export function harEntries(file: string): unknown[] {
  const har: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const log: unknown = typeof har === 'object' && har !== null && 'log' in har ? har.log : undefined;
  const entries: unknown = typeof log === 'object' && log !== null && 'entries' in log ? log.entries : undefined;
  if (!Array.isArray(entries)) throw new Error(`${file}: not a HAR file (no log.entries)`);
  return entries;
}
