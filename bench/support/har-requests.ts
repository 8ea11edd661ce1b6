import { readFileSync } from 'node:fs';
import { REDACTED_TEXT } from '../../src/secret.ts';
import type { OutgoingRequest } from '../../src/transport/exchange.ts';

interface HarFile {
  readonly log: {
    readonly entries: readonly {
      readonly request: {
        readonly method: string;
        readonly url: string;
        readonly headers: readonly { readonly name: string; readonly value: string }[];
        readonly postData?: { readonly text: string };
      };
    }[];
  };
}

/**
 * The requests of an `exchanges.har`, ready to send again. Credentials were redacted on the way to
 * disk: each redacted header gets `credentials[name]` back (the owner's), which costs the server the
 * same as the principal that really sent it.
 */
export function harRequests(path: string, credentials: Readonly<Record<string, string>>): OutgoingRequest[] {
  const byName = new Map(Object.entries(credentials).map(([name, value]) => [name.toLowerCase(), value]));
  const har = JSON.parse(readFileSync(path, 'utf8')) as HarFile;
  return har.log.entries.map(({ request }) => {
    const headers: Record<string, string> = {};
    for (const { name, value } of request.headers) headers[name] = value === REDACTED_TEXT ? (byName.get(name.toLowerCase()) ?? value) : value;
    const text = request.postData?.text;
    const body = text === undefined ? undefined : text.startsWith('base64:') ? Buffer.from(text.slice('base64:'.length), 'base64') : text;
    return { method: request.method, url: request.url, headers, ...(body === undefined ? {} : { body }) };
  });
}
