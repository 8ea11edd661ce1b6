import { asObject } from './plain-object.ts';

/** Server URLs of a `servers` list with every `{variable}` replaced by its default. */
export function serverUrls(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  const urls: string[] = [];
  for (const server of servers) {
    const { url, variables } = asObject(server);
    if (typeof url !== 'string') continue;
    const vars = asObject(variables);
    const resolved = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const fallback = asObject(vars[name]).default;
      return fallback === undefined ? whole : String(fallback);
    });
    if (!urls.includes(resolved)) urls.push(resolved);
  }
  return urls;
}
