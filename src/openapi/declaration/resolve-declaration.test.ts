import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadApi } from '../load-api.ts';
import { resolveDeclaration } from './resolve-declaration.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'declarations', 'notes-api.yaml');
const SPECS = join(import.meta.dirname, '..', '..', '..', 'specs');

type Json = Record<string, unknown>;

/** The fixture with the value at `path` set (or removed, for `undefined`), written to a temp file. */
async function variant(path: readonly string[], value: unknown) {
  const document = parse(readFileSync(FIXTURE, 'utf8')) as Json;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, document);
  const last = path[path.length - 1] ?? '';
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  const file = join(mkdtempSync(join(tmpdir(), 'conform-declaration-')), 'api.yaml');
  writeFileSync(file, stringify(document));
  return loadApi([file]);
}

describe('resolveDeclaration', () => {
  it('should read what the document writes, each part marked as written on the document', async () => {
    // Arrange
    const model = await loadApi([FIXTURE]);
    // Act
    const { declaration, provenance } = resolveDeclaration(model, { infer: false });
    // Assert
    expect(declaration.resources.note).toMatchObject({ create: 'createNote', idParameter: 'note_id', visibility: { default: 'personal', rules: { personal: { refusal: 403 } } } });
    expect(declaration.pagination.listNotes).toMatchObject({ style: 'offset', offsetParam: 'offset', itemsPointer: '/notes' });
    expect(declaration.rateLimits.listNotes).toEqual({ limit: 50, windowSeconds: 60 });
    expect(provenance.map((p) => `${p.origin} ${p.pointer}`)).toEqual(['document /resources/note', 'document /pagination/listNotes', 'document /rateLimits/listNotes']);
  });

  it('should infer what the document does not write: a Location id, a boolean visibility, Link-header paging, X-RateLimit headers', async () => {
    // Arrange
    const model = await loadApi([FIXTURE]);
    // Act
    const { declaration, provenance, unresolved } = resolveDeclaration(model);
    // Assert
    expect(declaration.resources.folder).toEqual({
      create: 'createFolder',
      list: 'listFolders',
      delete: 'deleteFolder',
      id: { from: 'location' },
      idParameter: 'folder_id',
      visibility: {
        field: '/is_public',
        values: { public: true, private: false },
        default: 'private',
      },
    });
    expect(declaration.pagination.listFolders).toEqual({ style: 'link-header', pageSizeParam: 'per_page', pageParam: 'page', itemsPointer: '', maxPageSize: 100, defaultPageSize: 30 });
    expect(declaration.rateLimits.listFolders).toEqual({ headers: 'x-ratelimit' });
    // The written resource is kept as written, not inferred again
    expect(provenance.filter((p) => p.origin === 'inferred').map((p) => p.pointer)).toEqual(['/resources/folder', '/pagination/listFolders', '/rateLimits/listFolders']);
    // What the document cannot say is left for the user: the rules (no guess a pasted output would run as declared), and the list's order
    expect(unresolved.map((u) => u.pointer)).toEqual(['/resources/folder/visibility/rules', '/pagination/listFolders/order']);
  });

  it('should infer publish/unpublish as the visibility actions and leave a nullable URL as a link for a person to confirm', async () => {
    // Arrange
    const model = await loadApi([join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'declarations', 'photos-api.yaml')]);
    // Act
    const { declaration, unresolved } = resolveDeclaration(model);
    // Assert: the actions inferred; whether share_url serves a public photo to anybody is a TODO, never a guess run as declared
    expect(declaration.resources.photo?.visibility).toEqual({ actions: { public: 'publishPhoto', private: 'unpublishPhoto' }, default: 'private' });
    expect(unresolved.map((u) => u.pointer)).toEqual(['/resources/photo/visibility/default', '/resources/photo/visibility/rules', '/resources/photo/visibility/link']);
    expect(unresolved.find((u) => u.pointer.endsWith('/link'))?.what).toContain('link: {pointer: /share_url, states: [public]}');
  });

  it("should infer a resource from the document's OpenAPI links where the paths have no REST shape", async () => {
    // Arrange
    const model = await loadApi([join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'declarations', 'linked-api.yaml')]);
    // Act
    const { declaration, provenance } = resolveDeclaration(model);
    // Assert
    expect(declaration.resources.order).toEqual({ create: 'submitOrder', read: 'fetchOrder', delete: 'cancelOrder', id: { from: 'body', pointer: '/order/ref' }, idParameter: 'orderRef' });
    expect(provenance.find((p) => p.pointer === '/resources/order')?.because).toBe("the link 'ReadTheOrder' of POST /orders/submit 201 to GET /order-by-ref/{orderRef} (orderRef from $response.body#/order/ref)");
  });

  it('should let the config complete or correct a document it cannot edit, part by part', async () => {
    // Arrange
    const model = await loadApi([FIXTURE]);
    const config = { source: 'conform.config.yaml', value: { pagination: { listNotes: { style: 'offset', pageSizeParam: 'limit', offsetParam: 'offset', itemsPointer: '/notes', order: { field: 'id', direction: 'asc' } } } } };
    // Act
    const { declaration, provenance } = resolveDeclaration(model, { config, infer: false });
    // Assert
    expect(declaration.pagination.listNotes?.order).toEqual({ field: 'id', direction: 'asc' });
    expect(provenance.filter((p) => p.pointer === '/pagination/listNotes').map((p) => p.origin)).toEqual(['document', 'config']);
  });

  const note = ['x-conform', 'resources', 'note'];
  it.each<[string, readonly string[], unknown, RegExp]>([
    ['an unknown key', [...note, 'crate'], 'createNote', /at \/x-conform\/resources\/note: declaration: unknown key 'crate'$/],
    ['a missing id', [...note, 'id'], undefined, /at \/x-conform\/resources\/note: declaration: missing 'id'$/],
    ['a wrong refusal', [...note, 'visibility', 'rules', 'shared', 'refusal'], 401, /at \/x-conform\/resources\/note\/visibility\/rules\/shared\/refusal: declaration: must be one of \[404,403\]$/],
    ['an operation the document lacks', [...note, 'read'], 'getNotes', /at \/x-conform\/resources\/note\/read: declaration: no operation 'getNotes' in the document$/],
    ['an id parameter the operations lack', [...note, 'idParameter'], 'id', /at \/x-conform\/resources\/note\/idParameter: declaration: 'id' is not a path parameter of read operation 'getNote'/],
    ['an id from the path of a create that has none', [...note, 'id'], { from: 'path' }, /at \/x-conform\/resources\/note\/id: declaration: the id comes from the path, but 'note_id' is not a path parameter of the create operation 'createNote' \(POST \/notes\)$/],
    ['a state without a rule', [...note, 'visibility', 'values', 'archived'], 'archived', /at \/x-conform\/resources\/note\/visibility\/rules: declaration: no rule for state 'archived'$/],
    ['a state only another principal sets that no move reaches', [...note, 'visibility', 'rules', 'shared', 'setBy'], 'admin', /at \/x-conform\/resources\/note\/visibility\/rules\/shared\/setBy: declaration: only admin puts an item into 'shared', by a move: give 'shared' an action, or make the field updatable/],
    ['a default state only another principal sets', [...note, 'visibility', 'rules', 'personal', 'setBy'], 'admin', /at \/x-conform\/resources\/note\/visibility\/rules\/personal\/setBy: declaration: 'personal' is the default state/],
    ['a default that is no state', [...note, 'visibility', 'default'], 'secret', /at \/x-conform\/resources\/note\/visibility\/default: declaration: 'secret' is not one of the states/],
    ['a visibility list the document lacks', [...note, 'visibility', 'lists'], { listAll: { shows: 'everyone' } }, /at \/x-conform\/resources\/note\/visibility\/lists\/listAll: declaration: no operation 'listAll' in the document$/],
    ['a list state that is no state', [...note, 'visibility', 'lists'], { listNotes: { shows: 'everyone', states: ['archived'] } }, /at \/x-conform\/resources\/note\/visibility\/lists\/listNotes\/states: declaration: 'archived' is not one of the states/],
    ['a list filled from a parameter it lacks', [...note, 'visibility', 'lists'], { listNotes: { shows: 'owner', params: { user: '/owner' } } }, /at \/x-conform\/resources\/note\/visibility\/lists\/listNotes\/params: declaration: 'user' is not a path parameter of GET \/notes$/],
    ['an owner list with no parameter naming the owner', [...note, 'visibility', 'lists'], { listNotes: { shows: 'owner' } }, /at \/x-conform\/resources\/note\/visibility\/lists\/listNotes\/shows: declaration: 'owner' lists one owner's items/],
    ['a cursor list without its cursor', ['paths', '/notes', 'get', 'x-pagination'], { style: 'cursor', pageSizeParam: 'limit', itemsPointer: '/notes' }, /at \/paths\/~1notes\/get\/x-pagination: declaration: missing 'cursorParam'$/],
    ['a page-size parameter the list lacks', ['paths', '/notes', 'get', 'x-pagination', 'pageSizeParam'], 'size', /at \/paths\/~1notes\/get\/x-pagination\/pageSizeParam: declaration: 'size' is not a query parameter of GET \/notes$/],
    ['a filter the list lacks', ['paths', '/notes', 'get', 'x-pagination', 'filters'], { colour: '/colour' }, /at \/paths\/~1notes\/get\/x-pagination\/filters: declaration: 'colour' is not a query parameter of GET \/notes$/],
    ['a quota with neither numbers nor headers', ['paths', '/notes', 'get', 'x-rate-limit'], { scope: ['key'] }, /at \/paths\/~1notes\/get\/x-rate-limit: declaration: /],
  ])('should refuse %s in one line naming its pointer (exit 2)', async (_name, path, value, message) => {
    // Arrange
    const model = await variant(path, value);
    // Act
    const refuse = () => resolveDeclaration(model, { strict: true });
    // Assert
    expect(refuse).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_INVALID', message: expect.stringMatching(message) }));
    expect(() => refuse()).toThrow(/^[^\n]+$/);
  });

  it("should leave out, with a warning naming its pointer, an x-rate-limit of another tool's shape (conform's own x-conform is never lenient)", async () => {
    // Arrange
    const model = await variant(['paths', '/notes', 'get', 'x-rate-limit'], 10);
    // Act
    const { declaration, warnings } = resolveDeclaration(model);
    // Assert
    expect(declaration.rateLimits.listNotes).toBeUndefined();
    expect(warnings.map((w) => `${w.pointer}: ${w.message}`)).toEqual(["/paths/~1notes/get/x-rate-limit: x-rate-limit is not conform's (must be object): left out of the declaration"]);
  });

  it("should refuse a malformed config declaration naming the file and the key's path", async () => {
    // Arrange
    const model = await loadApi([FIXTURE]);
    const config = { source: 'conform.config.yaml', value: { resources: { note: { create: 'createNote', id: { from: 'header' }, idParameter: 'note_id' } } } };
    // Act / Assert
    expect(() => resolveDeclaration(model, { config })).toThrow(expect.objectContaining({ code: 'CONFORM_CONFIG_INVALID', message: expect.stringMatching(/^conform\.config\.yaml: declaration\.resources\.note\.id/) }));
  });

  it.each(['glance-v2.yaml', 'prime-intellect.yaml', 'img-processing.yaml', 'github-gists.yaml'])('should read the declaration of specs/%s without a problem', async (name) => {
    // Arrange
    const model = await loadApi([join(SPECS, name)]);
    // Act / Assert
    expect(() => resolveDeclaration(model)).not.toThrow();
  });

  it("should infer GitHub gists as a resource with a public flag that defaults to secret, and Link-header paging on its three lists", async () => {
    // Arrange
    const model = await loadApi([join(SPECS, 'github-gists.yaml')]);
    // Act
    const { declaration } = resolveDeclaration(model);
    // Assert
    expect(declaration.resources.gist).toMatchObject({ create: 'gists/create', read: 'gists/get', list: 'gists/list', update: 'gists/update', delete: 'gists/delete', idParameter: 'gist_id', visibility: { field: '/public', default: 'private' } });
    expect(Object.entries(declaration.pagination).map(([id, p]) => `${id} ${p.style} ${p.pageSizeParam}`)).toEqual(['gists/list link-header per_page', 'gists/list-public link-header per_page', 'gists/list-for-user link-header per_page']);
  });

  it("should infer a list's sort parameters where their enums name item fields, and ask for what they leave open", async () => {
    // Arrange: listFolders (Link-header paging) with a sort key enum, one value of it no field of a Folder
    const paging = [
      { name: 'per_page', in: 'query', schema: { type: 'integer', maximum: 100, default: 30 } },
      { name: 'page', in: 'query', schema: { type: 'integer', default: 1 } },
    ];
    const sortKey = { name: 'sort', in: 'query', schema: { type: 'string', enum: ['name', 'size'] } };
    const withDirection = await variant(['paths', '/folders', 'get', 'parameters'], [...paging, sortKey, { name: 'direction', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } }]);
    const withoutDirection = await variant(['paths', '/folders', 'get', 'parameters'], [...paging, sortKey]);

    // Act
    const inferred = resolveDeclaration(withDirection);
    const open = resolveDeclaration(withoutDirection);

    // Assert
    expect(inferred.declaration.pagination.listFolders?.sort).toEqual({ keyParam: 'sort', directionParam: 'direction', keys: { name: '/name' }, defaultDirection: 'asc' });
    expect(open.declaration.pagination.listFolders?.sort).toBeUndefined();
    expect(open.unresolved.find((item) => item.pointer === '/pagination/listFolders/sort')?.what).toMatch(/the one direction 'sort' sorts in \(sort\.defaultDirection\)/);
  });

  it('should refuse a declared sort whose parameters the list does not have, naming the config key that wrote it (not the x-pagination it overrides)', async () => {
    // Arrange
    const model = await loadApi([FIXTURE]);
    const sorted = { style: 'offset', pageSizeParam: 'limit', offsetParam: 'offset', itemsPointer: '/notes', sort: { keyParam: 'order_by', keys: { text: '/text' }, defaultDirection: 'asc' } };
    const config = { source: 'conform.config.yaml', value: { pagination: { listNotes: sorted } } };
    // Act / Assert
    expect(() => resolveDeclaration(model, { config })).toThrow(expect.objectContaining({ code: 'CONFORM_CONFIG_INVALID', message: "conform.config.yaml: declaration.pagination.listNotes.sort.keyParam: 'order_by' is not a query parameter of GET /notes" }));
  });
});
