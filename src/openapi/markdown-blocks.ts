import { Lexer, type Token, type Tokens } from 'marked';

/** One fenced code block of a Markdown page that may hold an OpenAPI document. */
export interface MarkdownBlock {
  /** 1-based among the candidate blocks, as used in `<source>#block-N`. */
  readonly index: number;
  /** The closest heading above the block, if any. */
  readonly heading?: string;
  /** The first word of the info string: `json`, `yaml` or `yml`. */
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence in the page. */
  readonly line: number;
}

const CANDIDATE_LANGS = new Set(['json', 'yaml', 'yml']);
// A block that names `openapi`/`swagger` at its top level: cheap test before parsing, so examples are skipped.
const LOOKS_LIKE_OPENAPI = /(^|[{,\n])\s*["']?(openapi|swagger)["']?\s*:/;

/**
 * The fenced ```json / ```yaml / ```yml blocks (any fence length, any words after the language)
 * that look like OpenAPI or Swagger documents, in page order.
 */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let heading: string | undefined;
  let searchFrom = 0;
  const visit = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'heading') heading = (token as Tokens.Heading).text.trim();
      if (token.type === 'code') {
        const code = token as Tokens.Code;
        const at = markdown.indexOf(code.raw, searchFrom);
        if (at >= 0) searchFrom = at + code.raw.length;
        const lang = (code.lang ?? '').trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
        if (CANDIDATE_LANGS.has(lang) && LOOKS_LIKE_OPENAPI.test(code.text)) {
          blocks.push({
            index: blocks.length + 1,
            ...(heading ? { heading } : {}),
            lang,
            text: code.text,
            line: at >= 0 ? lineOf(markdown, at) : 0,
          });
        }
        continue;
      }
      const children = (token as { tokens?: Token[] }).tokens;
      if (children) visit(children);
      const items = (token as { items?: Array<{ tokens?: Token[] }> }).items;
      if (items) for (const item of items) if (item.tokens) visit(item.tokens);
    }
  };
  visit(new Lexer().lex(markdown));
  return blocks;
}

/** True when a source looks like a Markdown page rather than a YAML or JSON document. */
export function looksLikeMarkdown(source: string, text: string, contentType?: string): boolean {
  if (contentType === 'text/markdown' || contentType === 'text/x-markdown') return true;
  if (/\.(md|markdown|mdx)$/i.test(source.split(/[?#]/, 1)[0] ?? '')) return true;
  // A page with fences that does not open like a YAML or JSON document (a key, `---`, `{` or `[`).
  if (!/^(```|~~~)/m.test(text)) return false;
  const opening = text.split('\n').find((line) => line.trim() !== '' && !/^#(?!#|\s+\S)/.test(line.trim()));
  return opening === undefined || !/^\s*(["']?[\w$.-]+["']?\s*:(\s|$)|---|[{[])/.test(opening);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
