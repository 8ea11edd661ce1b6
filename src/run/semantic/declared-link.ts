/**
 * A declared public link (`visibility.link`): while an item is in a linked state, a field holds an
 * absolute URL anybody fetches without credentials; in the other states it is null or absent, and a
 * URL it held answers `gone` once the item left. IMG's CDN URL is one: publish fills `url`, unpublish
 * empties it and the old URL stops serving.
 */
import type { Exchange } from '../../transport/exchange.ts';
import { linkedIn, ruleOf, type DeclaredVisibility, type RuleTable } from './declared-visibility-rules.ts';
import { atPointer } from './pagination-walk.ts';
import { statusOf, type VisibilityClient } from './visibility-client.ts';

/** What the link judge needs of a model item: its state, and the links it has had. */
export interface LinkedItem {
  readonly declared: RuleTable & Pick<DeclaredVisibility, 'name'>;
  readonly label: string;
  readonly owner: string;
  readonly state: string;
  /** The URL it is served at now, as last seen; null when none is known. */
  link: string | null;
  /** URLs it was served at and left: each must answer `gone`. */
  readonly retired: Set<string>;
}

/** What the link judge asks of a visibility client: to send as a caller, to trace and to report. */
export type LinkClient = Pick<VisibilityClient, 'send' | 'step' | 'mismatch'> & { readonly runtime: Pick<VisibilityClient['runtime'], 'target'> };

const DEFAULT_GONE: readonly number[] = [404, 410];
const isUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value);

function clause(item: LinkedItem, what: string): string {
  const link = item.declared.visibility.link;
  const rule = ruleOf(item.declared, item.state);
  return `declaration: a ${item.state} ${item.declared.name} (read: ${rule.read}, link ${link?.pointer ?? ''} in ${link?.states.join(', ') ?? ''}): ${what}`;
}

/** Notes the link an answer shows: the one it had before is retired when it changed. */
function learn(item: LinkedItem, value: string | null): void {
  if (item.link !== null && item.link !== value) item.retired.add(item.link);
  if (value !== null) item.retired.delete(value);
  item.link = value;
}

/**
 * Judges the link field of a representation of the item (a create's, move's, read's answer or a list
 * entry) against its state, and learns the link: outside the linked states the field null or absent is
 * no link (the one it had is retired); in them, a representation without the field says nothing.
 */
export function judgeLinkShown(client: LinkClient, item: LinkedItem, shown: unknown, exchange: Exchange, where: string): void {
  const link = item.declared.visibility.link;
  if (!link || typeof shown !== 'object' || shown === null) return;
  const value = atPointer(shown, link.pointer);
  if (!linkedIn(item.declared, item.state)) {
    if (value !== null && value !== undefined) {
      client.mismatch({ suiteId: 'visibility_isolation', clause: clause(item, `no link while ${item.state}: ${link.pointer} null or absent`), key: `link-shown:${item.state}:${where}`, expected: `${link.pointer} null`, got: JSON.stringify(value), exchange });
      if (isUrl(value)) learn(item, value);
      return;
    }
    learn(item, null);
    return;
  }
  if (value === undefined) return;
  if (!isUrl(value)) {
    client.mismatch({ suiteId: 'visibility_applied', clause: clause(item, `${link.pointer} is an absolute URL it is served at`), key: `link-missing:${where}`, expected: `${link.pointer} an absolute URL`, got: JSON.stringify(value), exchange });
    return;
  }
  if (item.link !== null && item.link !== value) {
    client.mismatch({ suiteId: 'visibility_applied', clause: clause(item, `its link stays the same while it is ${item.state}`), key: `link-changed:${where}`, expected: item.link, got: value, exchange });
  }
  learn(item, value);
}

const mediaMatches = (served: string, expected: string): boolean => {
  const [type = '', subtype = ''] = served.split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  const [wantType = '', wantSubtype = ''] = expected.toLowerCase().split('/');
  return type === wantType && (wantSubtype === '*' || subtype === wantSubtype);
};

/** A URL of the target as the path the client appends to it (so a caller's credentials go with it); another origin's (a CDN's) stays absolute. */
export function belowTarget(url: string, target: string): string {
  const base = target.replace(/\/+$/, '');
  return url.startsWith(`${base}/`) || url.startsWith(`${base}?`) ? url.slice(base.length) : url;
}

/** Fetches, with no credential, the item's link (it must serve) and every link it left (each must be gone). */
export async function fetchLinks(client: LinkClient, item: LinkedItem): Promise<void> {
  const link = item.declared.visibility.link;
  if (!link) return;
  const target = client.runtime.target;
  if (item.link !== null && linkedIn(item.declared, item.state)) {
    const fetched = await client.send(null, { method: 'GET', path: belowTarget(item.link, target) });
    const status = statusOf(fetched);
    const type = String(fetched.response?.headers['content-type'] ?? '');
    client.step(`anybody fetches ${item.label}'s link → ${status}${type ? ` ${type}` : ''}`);
    const served = status >= 200 && status < 300 && (link.serves === undefined || mediaMatches(type, link.serves));
    if (!served) {
      client.mismatch({ suiteId: 'visibility_applied', clause: clause(item, `anybody fetches it at its link, without credentials`), key: 'link-not-served', expected: `2xx${link.serves ? ` ${link.serves}` : ''}`, got: `${status}${type ? ` ${type}` : ''}`, exchange: fetched });
    }
  }
  const gone = link.gone ?? DEFAULT_GONE;
  for (const url of item.retired) {
    const fetched = await client.send(null, { method: 'GET', path: belowTarget(url, target) });
    const status = statusOf(fetched);
    client.step(`anybody fetches ${item.label}'s old link → ${status}`);
    if (!gone.includes(status)) {
      client.mismatch({ suiteId: 'visibility_applied', clause: clause(item, `a link it left stops serving`), key: `link-still-served:${status}`, expected: gone.join(' or '), got: String(status), exchange: fetched });
    }
  }
}
