import { responseJson, responseText, type Exchange } from '../transport/exchange.ts';

const MAX_OBJECTS = 200;
const MAX_DEPTH = 4;

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Values the target itself returned (ids, names, tags), kept per object so that values from one
 * item stay together: `{imageName, imageTag}` of one image fills `/images/{image_name}/{image_tag}`.
 * Like Schemathesis's links, but inferred from names, since vendors' documents rarely declare links.
 */
export class HarvestedValues {
  readonly #objects: Map<string, string>[] = [];
  readonly #seen = new Set<string>();

  /** Collects the scalar fields of the JSON objects in a 2xx response body. */
  observe(exchange: Exchange): void {
    const response = exchange.response;
    if (!response || response.status < 200 || response.status >= 300 || this.#objects.length >= MAX_OBJECTS) return;
    // The checks parse the same body: share their parse. Text that is not UTF-8 is read leniently here,
    // as it always was (a value next to a bad byte is still a value the target returned).
    if (responseText(response) === undefined) {
      let body: unknown;
      try {
        body = JSON.parse(response.body.toString('utf8'));
      } catch {
        return;
      }
      this.#walk(body, 0);
      return;
    }
    const parsed = responseJson(response);
    if (parsed && 'value' in parsed) this.#walk(parsed.value, 0);
  }

  #walk(value: unknown, depth: number): void {
    if (depth > MAX_DEPTH || this.#objects.length >= MAX_OBJECTS || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) this.#walk(item, depth + 1);
      return;
    }
    const fields = new Map<string, string>();
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' || typeof item === 'number') fields.set(normalize(key), String(item));
      else this.#walk(item, depth + 1);
    }
    if (fields.size === 0) return;
    // Normalized keys are [a-z0-9] only, so ordering by key is the order sorting the `key,value` pairs
    // as text gives, without building that text for every comparison.
    const signature = JSON.stringify([...fields.keys()].sort().map((key) => [key, fields.get(key)]));
    if (this.#seen.has(signature)) return;
    this.#seen.add(signature);
    this.#objects.push(fields);
  }

  /** Value sets for `parameters` (path parameter names), each from one returned object. */
  candidates(parameters: readonly string[]): Record<string, string>[] {
    if (parameters.length === 0) return [];
    const out: Record<string, string>[] = [];
    for (const fields of this.#objects) {
      const values: Record<string, string> = {};
      for (const parameter of parameters) {
        const key = normalize(parameter);
        // `image_id` also matches the object's own `id`.
        const value = fields.get(key) ?? (key.endsWith('id') ? fields.get('id') : undefined);
        if (value === undefined) break;
        values[parameter] = value;
      }
      if (Object.keys(values).length === parameters.length) out.push(values);
    }
    return out;
  }
}
