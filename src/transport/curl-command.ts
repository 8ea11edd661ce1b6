import type { Redactor } from '../redact.ts';
import type { OutgoingRequest } from './exchange.ts';

/** POSIX single-quoting: safe for any byte sequence a shell might see. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A curl command that replays the request, with credentials redacted: the reader substitutes their
 * own. Binary bodies are not inlined.
 */
export function curlCommand(request: OutgoingRequest, redactor: Redactor): string {
  const parts = ['curl', '-sS', '-X', request.method, quote(redactor.text(request.url))];
  const headers = redactor.headers(request.headers);
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) parts.push('-H', quote(`${name}: ${item}`));
  }
  if (typeof request.body === 'string') {
    parts.push('--data-raw', quote(redactor.text(request.body)));
  } else if (request.body !== undefined) {
    parts.push('--data-binary', quote(`@body-${request.body.byteLength}-bytes.bin`));
  }
  return parts.join(' ');
}
