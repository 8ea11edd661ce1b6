import { readFileSync } from 'node:fs';
import { REDACTED_TEXT } from '../../src/secret.ts';
import type { CapturedRequest } from './replay-plan.ts';

interface HarFile {
  readonly log: {
    readonly entries: readonly {
      readonly request: {
        readonly method: string;
        readonly url: string;
        readonly headers: readonly { readonly name: string; readonly value: string }[];
        readonly postData?: { readonly text: string };
      };
      readonly response: {
        readonly status: number;
        readonly content: { readonly text?: string; readonly encoding?: string };
      };
    }[];
  };
}

/**
 * The requests of an `exchanges.har`, ready to send again, with the status and body each got (the body
 * as recorded: redacted and capped, which keeps the ids a replay follows; see `replayPlan`). Credentials
 * were redacted on the way to disk: each redacted header gets `credentials[name]` back (the owner's),
 * which costs the server the same as the principal that really sent it. A transport failure has no response.
 */
export function harCaptured(path: string, credentials: Readonly<Record<string, string>>): CapturedRequest[] {
  const byName = new Map(Object.entries(credentials).map(([name, value]) => [name.toLowerCase(), value]));
  const har = JSON.parse(readFileSync(path, 'utf8')) as HarFile;
  return har.log.entries.map(({ request, response }) => {
    const headers: Record<string, string> = {};
    for (const { name, value } of request.headers) headers[name] = value === REDACTED_TEXT ? (byName.get(name.toLowerCase()) ?? value) : value;
    const text = request.postData?.text;
    const body = text === undefined ? undefined : text.startsWith('base64:') ? Buffer.from(text.slice('base64:'.length), 'base64') : text;
    const content = response.content;
    const received = Buffer.from(content.text ?? '', content.encoding === 'base64' ? 'base64' : 'utf8');
    return {
      request: { method: request.method, url: request.url, headers, ...(body === undefined ? {} : { body }) },
      ...(response.status === 0 ? {} : { response: { status: response.status, headers: {}, body: received, truncated: false } }),
    };
  });
}
