import { lenientJsonBody, type Exchange } from '../transport/exchange.ts';

const MAX_OBJECTS = 200;
const MAX_DEPTH = 4;

/** Normalized names by name: bodies repeat the same few field names. Emptied when full, so bounded. */
const normalized = new Map<string, string>();
const NORMALIZED_LIMIT = 1024;

function normalize(name: string): string {
  let known = normalized.get(name);
  if (known === undefined) {
    known = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (normalized.size >= NORMALIZED_LIMIT) normalized.clear();
    normalized.set(name, known);
  }
  return known;
}

/**
 * Values the target itself returned (ids, names, tags), kept per object so that values from one
 * item stay together: `{imageName, imageTag}` of one image fills `/images/{image_name}/{image_tag}`.
 * Like Schemathesis's links, but inferred from names, since vendors' documents rarely declare links.
 */
export class HarvestedValues {
  readonly #objects: Map<string, string>[] = [];
  readonly #seen = new Set<string>();

  /**
   * Whether `observe` could collect anything from `exchange` (a 2xx while there is room): most
   * exchanges are not, and need not be queued for it. Once full, the harvest stays full.
   */
  wants(exchange: Exchange): boolean {
    const status = exchange.response?.status;
    return status !== undefined && status >= 200 && status < 300 && this.#objects.length < MAX_OBJECTS;
  }

  /** Collects the scalar fields of the JSON objects in a 2xx response body. */
  observe(exchange: Exchange): void {
    const response = exchange.response;
    if (!response || !this.wants(exchange)) return;
    this.#walk(lenientJsonBody(response), 0);
  }

  #walk(value: unknown, depth: number): void {
    if (depth > MAX_DEPTH || this.#objects.length >= MAX_OBJECTS || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) this.#walk(item, depth + 1);
      return;
    }
    const fields = new Map<string, string>();
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string' || typeof item === 'number') fields.set(normalize(key), String(item));
      else this.#walk(item, depth + 1);
    }
    if (fields.size === 0) return;
    // Normalized keys are [a-z0-9] only: sorted, each followed by its JSON-quoted value, they spell
    // the object's field set unambiguously (the text only tells repeats apart).
    let signature = '';
    for (const key of [...fields.keys()].sort()) signature += `${key}${JSON.stringify(fields.get(key))}`;
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
