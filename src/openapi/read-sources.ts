import { createHash } from 'node:crypto';
import { readSource, type ReadSourceOptions, type SourceText } from './read-source.ts';

/** Reads every source, one after another; the first failure is thrown as {@link readSource} throws it. */
export async function readSources(sources: readonly string[], options: ReadSourceOptions = {}): Promise<SourceText[]> {
  const texts: SourceText[] = [];
  for (const source of sources) texts.push(await readSource(source, options));
  return texts;
}

/**
 * A digest of everything `loadApiFromTexts` reads from its sources (name, text, content type,
 * location): equal digests, equal models, so a model loaded elsewhere can stand in for a load here.
 */
export function sourcesFingerprint(texts: readonly SourceText[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(texts.map((text) => [text.source, text.location, text.contentType ?? null, text.text])));
  return hash.digest('hex');
}
