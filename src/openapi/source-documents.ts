import { SpecInvalidError, SpecUnreadableError } from '../errors.ts';
import { detectVersion } from './detect-version.ts';
import { looksLikeMarkdown, markdownBlocks } from './markdown-blocks.ts';
import { parseDocument } from './parse-document.ts';
import type { PlainObject } from './plain-object.ts';
import type { Problem } from './problem.ts';
import type { SourceText } from './read-source.ts';
import type { SpecVersion } from './types.ts';

/** One OpenAPI document found in a source: the source itself, or one block of a Markdown page. */
export interface FoundDocument {
  /** The source as given, plus `#block-N` for a Markdown block. */
  readonly name: string;
  readonly version: SpecVersion;
  readonly document: PlainObject;
  /** The heading above a Markdown block. */
  readonly heading?: string;
  readonly problems: readonly Problem[];
}

/** The OpenAPI documents of one source: the whole text, or each OpenAPI block when it is a Markdown page. */
export function sourceDocuments(read: SourceText): FoundDocument[] {
  if (!looksLikeMarkdown(read.source, read.text, read.contentType)) return [found(read.source, read.text)];
  const blocks = markdownBlocks(read.text);
  if (blocks.length === 0) {
    throw new SpecInvalidError(read.source, '', 'a Markdown page with no fenced json or yaml block holding an OpenAPI document');
  }
  return blocks.map((block) => {
    const name = `${read.source}#block-${block.index}`;
    try {
      return { ...found(name, block.text), ...(block.heading ? { heading: block.heading } : {}) };
    } catch (error: unknown) {
      // Lines inside a block are counted from the block; say where the block starts in the page.
      if (error instanceof SpecUnreadableError) {
        throw new SpecUnreadableError(name, `${error.message.slice(name.length + 2)} (block starts at line ${block.line})`, { cause: error });
      }
      throw error;
    }
  });
}

function found(name: string, text: string): FoundDocument {
  const parsed = parseDocument(text, name);
  const detected = detectVersion(parsed.value, name);
  const problems: Problem[] = parsed.warnings.map((message) => ({ source: name, pointer: '', message, unusable: [], affected: [] }));
  if (detected.note) problems.push({ source: name, pointer: detected.note.pointer, message: detected.note.message, unusable: [], affected: [] });
  return { name, version: detected.version, document: detected.document, problems };
}
