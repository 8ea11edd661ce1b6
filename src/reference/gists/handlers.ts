import type { ServerResponse } from 'node:http';
import { sendEmpty, sendJson } from '../http.ts';
import { GISTS_FAULT } from './faults.ts';
import { linkHeader, pageOf } from './paging.ts';
import { gistJson } from './serialize.ts';
import type { Gist, GistFile, GistStore } from './store.ts';
import { GISTS_USERS, type GistsUser } from './users.ts';

/** What every handler reads: the store, the switched-on faults, the origin, and fault-kept leftovers. */
export interface GistsContext {
  readonly store: GistStore;
  readonly faults: ReadonlySet<string>;
  readonly origin: () => string;
  /** Created under `created-not-readable`: GET by id answers 404. */
  readonly unreadable: Set<string>;
  /** Created under `created-not-listed`: left out of the owner's list. */
  readonly unlisted: Set<string>;
  /** Deleted under `deleted-still-readable` / `deleted-still-listed`: still served where the fault says. */
  readonly ghosts: Map<string, Gist>;
}

type Headers = Readonly<Record<string, string>>;
const DOCS = 'https://docs.github.com/rest/gists/gists';

export function sendError(response: ServerResponse, status: number, message: string, headers: Headers = {}): void {
  sendJson(response, status, { message, documentation_url: DOCS, status: String(status) }, headers);
}

function sendValidation(response: ServerResponse, field: string, code: string, headers: Headers): void {
  sendJson(response, 422, { message: 'Validation Failed', documentation_url: DOCS, errors: [{ resource: 'Gist', field, code }] }, headers);
}

// `format: date-time` is RFC 3339's date-time: a time zone is required.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list page, with GitHub's Link header; `since` filters on updated_at. */
function sendPage(context: GistsContext, response: ServerResponse, path: string, query: URLSearchParams, gists: readonly Gist[], invalidStatus: number, headers: Headers): void {
  const page = pageOf(query);
  const since = query.get('since');
  const sinceTime = since === null ? undefined : Date.parse(since);
  // An invalid value is refused with the status the operation documents for it (GET /gists: 403 only).
  const invalid = (field: string): void =>
    invalidStatus === 422 ? sendValidation(response, field, 'invalid', headers) : sendError(response, invalidStatus, `${field} is not valid`, headers);
  if (!page) return invalid(query.get('per_page') !== null && !/^-?\d+$/.test(query.get('per_page') ?? '') ? 'per_page' : 'page');
  if (since !== null && (Number.isNaN(sinceTime) || !RFC3339.test(since))) return invalid('since');
  const kept = sinceTime === undefined ? gists : gists.filter((gist) => Date.parse(gist.updatedAt) >= sinceTime);
  const size = context.faults.has(GISTS_FAULT.ignoresPerPage) ? 30 : page.perPage;
  const start = (page.page - 1) * size;
  const repeat = context.faults.has(GISTS_FAULT.duplicatesAcrossPages) && page.page > 1 ? 1 : 0;
  const skip = context.faults.has(GISTS_FAULT.skipsItemAtPageBoundary) ? page.page - 1 : 0;
  const items = kept.slice(start - repeat + skip, start + size + skip);
  const more = start + size + skip < kept.length;
  const nextPage = more && !context.faults.has(GISTS_FAULT.noNextOnFullPage) ? page.page + 1 : undefined;
  const link = linkHeader(new URL(path, context.origin()), { perPage: size, page: page.page }, kept.length, nextPage);
  sendJson(response, 200, items.map((gist) => gistJson(gist, context.origin(), 'base')), { ...headers, ...(link ? { link } : {}) });
}

/** GET /gists: the caller's gists, secret ones too; anonymous callers get every public gist. */
export function listGists(context: GistsContext, user: GistsUser | null, query: URLSearchParams, response: ServerResponse, headers: Headers): void {
  const live = context.store.all();
  const ghosts = context.faults.has(GISTS_FAULT.deletedStillListed) ? [...context.ghosts.values()] : [];
  const all = [...live, ...ghosts].sort((a, b) => b.sequence - a.sequence);
  const mine = (gist: Gist): boolean => {
    if (!user) return gist.public;
    if (gist.ownerId === user.id) return !context.unlisted.has(gist.id);
    return context.faults.has(GISTS_FAULT.othersGistsInMyList) && gist.public;
  };
  sendPage(context, response, '/gists', query, all.filter(mine), 403, headers);
}

/** GET /gists/public: every public gist. */
export function listPublicGists(context: GistsContext, query: URLSearchParams, response: ServerResponse, headers: Headers): void {
  const shown = context.store.all().filter((gist) => gist.public || context.faults.has(GISTS_FAULT.secretInPublicList));
  sendPage(context, response, '/gists/public', query, shown, 422, headers);
}

/** GET /users/{username}/gists: the user's public gists; the user themself sees their secret ones too. */
export function listUserGists(context: GistsContext, caller: GistsUser | null, login: string, query: URLSearchParams, response: ServerResponse, headers: Headers): void {
  const owner = GISTS_USERS.find((user) => user.login === login);
  // An unknown user has no gists: 200 with none (the operation documents no 404).
  const shown = owner
    ? context.store.all().filter((gist) => gist.ownerId === owner.id && (gist.public || caller?.id === owner.id || context.faults.has(GISTS_FAULT.secretInUserList)))
    : [];
  sendPage(context, response, `/users/${encodeURIComponent(login)}/gists`, query, shown, 422, headers);
}

/** The files of a create body, or the field that is wrong. */
function filesOf(value: unknown): GistFile[] | string {
  if (!isObject(value) || Object.keys(value).length === 0) return 'files';
  const files: GistFile[] = [];
  for (const [filename, file] of Object.entries(value)) {
    if (!isObject(file) || typeof file.content !== 'string' || filename.trim() === '') return `files.${filename}`;
    files.push({ filename, content: file.content });
  }
  return files;
}

/** POST /gists: a gist owned by the caller, secret unless `public` is true (or "true"). */
export function createGist(context: GistsContext, user: GistsUser | null, body: unknown, response: ServerResponse, headers: Headers): void {
  if (!user) return sendError(response, 403, 'Requires authentication', headers);
  if (!isObject(body)) return sendValidation(response, 'body', 'invalid', headers);
  const files = filesOf(body.files);
  if (typeof files === 'string') return sendValidation(response, files, body.files === undefined ? 'missing_field' : 'invalid', headers);
  if (body.description !== undefined && typeof body.description !== 'string') return sendValidation(response, 'description', 'invalid', headers);
  const flag = body.public;
  if (flag !== undefined && typeof flag !== 'boolean' && flag !== 'true' && flag !== 'false') return sendValidation(response, 'public', 'invalid', headers);
  const isPublic = (flag === true || flag === 'true') && !context.faults.has(GISTS_FAULT.publicFlagIgnored);
  const gist = context.store.create(user.id, isPublic, typeof body.description === 'string' ? body.description : null, files);
  if (context.faults.has(GISTS_FAULT.createdNotReadable)) context.unreadable.add(gist.id);
  if (context.faults.has(GISTS_FAULT.createdNotListed)) context.unlisted.add(gist.id);
  const json = gistJson(gist, context.origin(), 'simple');
  sendJson(response, 201, json, { ...headers, location: String(json.url) });
}

/** GET /gists/{gist_id}: anyone who has the id reads it, secret or not (as GitHub's secret gists). */
export function getGist(context: GistsContext, user: GistsUser | null, id: string, response: ServerResponse, headers: Headers): void {
  const gist = context.store.get(id) ?? (context.faults.has(GISTS_FAULT.deletedStillReadable) ? context.ghosts.get(id) : undefined);
  const hidden = context.unreadable.has(id) || (gist?.public === true && user === null && context.faults.has(GISTS_FAULT.publicNeedsToken));
  if (!gist || hidden) return sendError(response, 404, 'Not Found', headers);
  sendJson(response, 200, gistJson(gist, context.origin(), 'simple'), headers);
}

/** PATCH /gists/{gist_id}: the owner changes the description and files; anybody else gets 404. */
export function updateGist(context: GistsContext, user: GistsUser | null, id: string, body: unknown, response: ServerResponse, headers: Headers): void {
  const gist = context.store.get(id);
  const mayChange = gist !== undefined && user !== null && (gist.ownerId === user.id || context.faults.has(GISTS_FAULT.otherCanUpdate));
  if (!gist || !mayChange) return sendError(response, 404, 'Not Found', headers);
  if (body !== null && !isObject(body)) return sendValidation(response, 'body', 'invalid', headers);
  const changes = body ?? {};
  if (changes.description !== undefined && typeof changes.description !== 'string') return sendValidation(response, 'description', 'invalid', headers);
  const files = new Map(gist.files);
  if (changes.files !== undefined) {
    if (!isObject(changes.files)) return sendValidation(response, 'files', 'invalid', headers);
    for (const [name, change] of Object.entries(changes.files)) {
      if (!isObject(change)) return sendValidation(response, `files.${name}`, 'invalid', headers);
      const { content, filename } = change;
      if ((content !== undefined && typeof content !== 'string') || (filename !== undefined && filename !== null && typeof filename !== 'string')) return sendValidation(response, `files.${name}`, 'invalid', headers);
      const existing = files.get(name);
      if (!existing && content === undefined) return sendValidation(response, `files.${name}`, 'missing_field', headers);
      const renamed = typeof filename === 'string' && filename !== '' ? filename : name;
      files.delete(name);
      files.set(renamed, { filename: renamed, content: typeof content === 'string' ? content : (existing?.content ?? '') });
    }
  }
  if (files.size === 0) return sendValidation(response, 'files', 'invalid', headers);
  const updated: Gist = { ...gist, files, description: typeof changes.description === 'string' ? changes.description : gist.description };
  if (!context.faults.has(GISTS_FAULT.updateNotPersisted)) {
    gist.files = files;
    gist.description = updated.description;
    context.store.touch(gist);
    updated.updatedAt = gist.updatedAt;
  }
  sendJson(response, 200, gistJson(updated, context.origin(), 'simple'), headers);
}

/** DELETE /gists/{gist_id}: the owner deletes it (204); anybody else gets 404, an anonymous caller 403. */
export function deleteGist(context: GistsContext, user: GistsUser | null, id: string, response: ServerResponse, headers: Headers): void {
  const gist = context.store.get(id);
  if (!user) return sendError(response, gist ? 403 : 404, gist ? 'Requires authentication' : 'Not Found', headers);
  if (!gist || (gist.ownerId !== user.id && !context.faults.has(GISTS_FAULT.otherCanDelete))) return sendError(response, 404, 'Not Found', headers);
  context.store.delete(id);
  if (context.faults.has(GISTS_FAULT.deletedStillReadable) || context.faults.has(GISTS_FAULT.deletedStillListed)) context.ghosts.set(id, gist);
  sendEmpty(response, 204, headers);
}
