import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { UsageError } from '../errors.ts';

/** Output format of a document, chosen by file extension. */
export type DocumentFormat = 'yaml' | 'json';

/** `json` for `*.json`, `yaml` for `*.yaml`/`*.yml`; anything else is a usage error. */
export function formatForFile(file: string): DocumentFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  throw new UsageError(`--out ${file}: the extension must be .yaml, .yml or .json`);
}

/**
 * Serializes a document deterministically: keys in document order, no anchors, no line folding, a final
 * newline. The same document always gives the same bytes.
 */
export function serializeDocument(document: unknown, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return stringify(document, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indent: 2 });
}

/** Writes a document to `file` in the format its extension names. */
export async function writeDocument(document: unknown, file: string): Promise<void> {
  await writeFile(file, serializeDocument(document, formatForFile(file)), 'utf8');
}
