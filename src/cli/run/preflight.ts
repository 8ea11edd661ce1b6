import { TargetUnreachableError } from '../../errors.ts';
import { HttpTransport } from '../../transport/http-transport.ts';

/**
 * One request to the target before any suite starts: a refused connection, a reset or a timeout here
 * is exit 3 with one line, not a page of failed checks.
 */
export async function assertReachable(target: string, timeoutMs: number): Promise<void> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetUnreachableError(`${target}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetUnreachableError(`${target}: only http and https targets are supported`);
  const transport = new HttpTransport({ requestTimeoutMs: timeoutMs, maxBodyBytes: 64 * 1024, connections: 1 });
  try {
    const exchange = await transport.send({ method: 'GET', url: target, headers: { accept: '*/*' } });
    if (exchange.failure) throw new TargetUnreachableError(`${target}: ${exchange.failure.message}`);
  } finally {
    await transport.close();
  }
}
