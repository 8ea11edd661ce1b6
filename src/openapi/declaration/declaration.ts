/**
 * The declaration of an API's semantics (issue "Semantics for any document"): what its resources are,
 * who owns and sees them, how its lists page and what quota it documents. Written once, on the
 * document (`x-conform` at the root; `x-pagination`, `x-rate-limit` on an operation) or in
 * `conform.config.*` keyed by operationId for a document the user cannot edit; inferred where the
 * document makes it unambiguous (infer-declaration.ts). The semantic suites read only this.
 */

import type { LoadWarning } from '../types.ts';

/**
 * Where a created resource's id is: a field of the create response, its `Location` header, or the
 * create's own path parameter (`idParameter`), chosen by the client (`PUT /things/{thing_id}`), with
 * where the representation shows it (@defaultValue `/id`).
 */
export type IdSource = { readonly from: 'body'; readonly pointer: string } | { readonly from: 'location' } | { readonly from: 'path'; readonly pointer?: string };

/** Who a visibility rule lets do something: the owner only, or any principal (or no credential). */
export type Audience = 'owner' | 'anyone';

/** One visibility state's rules: who reads it by id, who finds it in lists, what others get. */
export interface VisibilityRule {
  readonly read: Audience;
  readonly listed: Audience;
  /** Who may change it (update, delete, change its visibility). */
  readonly change: 'owner';
  /** What a principal the rule leaves out gets: 404 (the API hides it) or 403. */
  readonly refusal: 404 | 403;
  /**
   * The one principal (a name of the principals file, e.g. `admin`) who may put an item into this
   * state, by a move: its owner is refused (`setRefusal`), at create and by a move. Absent: the owner.
   */
  readonly setBy?: string;
  /** What the owner gets when it tries to put its item into a state only `setBy` may. @defaultValue 403 */
  readonly setRefusal?: 400 | 403 | 404 | 409 | 422;
}

/**
 * How a resource's visibility is set: a field of its body (a boolean `public`, an enum `visibility`)
 * written at create or by update, or operations that move it to a state (publish/unpublish).
 */
export interface VisibilityDeclaration {
  /** The state a resource is in after a create that does not set it. */
  readonly default: string;
  /** JSON pointer of the field in the resource (request and response), e.g. `/public`. */
  readonly field?: string;
  /** State → the field's value in it, e.g. `{ public: true, private: false }`. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** State → operationId that puts the resource in it (`{ public: publishImage, private: unpublishImage }`). */
  readonly actions?: Readonly<Record<string, string>>;
  /**
   * State → its rules; every state of `values` or `actions` has one. Absent until a person writes them
   * (`conform init` cannot know them): the visibility suites are then skipped, which the verdict says.
   */
  readonly rules?: Readonly<Record<string, VisibilityRule>>;
  /** Whether the update operation may change the field (else it is set at create only). @defaultValue false */
  readonly updatable?: boolean;
  /**
   * Whether a request with no credential is part of the rules ("anyone" includes it). @defaultValue true
   * when the read operation's security admits no credential.
   */
  readonly anonymous?: boolean;
  /** List operationId → whose items it holds; absent: the resource's list holds what `listed` lets the caller see. */
  readonly lists?: Readonly<Record<string, VisibilityList>>;
  /** A URL the item is served at to anybody while it is in some states (a CDN or share link). */
  readonly link?: PublicLink;
  /**
   * Who the suites act as besides `owner`, each owning what it creates and kept apart from the rest.
   * The first is required and creates items too; the others only read, list and try to change, when
   * the principals file has them (IMG's `ownerTest`: the owner's account under a test key). @defaultValue ['other']
   */
  readonly principals?: readonly string[];
}

/**
 * A field holding, while the item is in `states`, an absolute URL anybody fetches without credentials;
 * null or absent in every other state, and a URL it held stops serving once the item leaves them.
 */
export interface PublicLink {
  /** JSON pointer of the field in the item's representation, e.g. `/url`. */
  readonly pointer: string;
  readonly states: readonly string[];
  /** The media type the link serves (`image/*` allowed); absent: any 2xx is served. */
  readonly serves?: string;
  /** What a link the item no longer has answers. @defaultValue [404, 410] */
  readonly gone?: readonly number[];
}

/**
 * Whose items a list holds. `caller`: the caller's own, in every state (not judged with no credential);
 * `everyone`: every principal's items the state's `listed` lets the caller see; `owner`: one owner's
 * items (the owner a path parameter names, filled from an item by `params`) the `listed` lets the caller see.
 */
export interface VisibilityList {
  readonly shows: 'caller' | 'everyone' | 'owner';
  /** The states the list holds at all (e.g. a public list: `[public]`). @defaultValue every state */
  readonly states?: readonly string[];
  /** Path parameter → JSON pointer into an item's representation that gives its value (`username: /owner/login`). */
  readonly params?: Readonly<Record<string, string>>;
}

/** A resource and its lifecycle: the operations that create, read, list, update and delete it. */
export interface ResourceDeclaration {
  readonly create: string;
  readonly read?: string;
  readonly list?: string;
  readonly update?: string;
  readonly delete?: string;
  readonly id: IdSource;
  /** The path parameter of read, update and delete that takes the id. */
  readonly idParameter: string;
  readonly visibility?: VisibilityDeclaration;
}

/** A sort the list keeps: the item field and its direction. */
export interface SortDeclaration {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * The sort a list takes from its query (`sort_key=name&sort_dir=asc`, GitHub's `sort`/`direction`):
 * each key the list documents, with the item field it orders by.
 */
export interface SortParamsDeclaration {
  /** The query parameter naming the key (`sort_key`). */
  readonly keyParam: string;
  /** The query parameter naming the direction (`sort_dir`); absent when the API has none. */
  readonly directionParam?: string;
  /** Key value → JSON pointer of the item field it orders by (`name: /name`). */
  readonly keys: Readonly<Record<string, string>>;
  /** Direction → the value the direction parameter takes for it. @defaultValue `{ asc: asc, desc: desc }` */
  readonly directions?: Readonly<Partial<Record<'asc' | 'desc', string>>>;
  /** The direction of a key sent without one (Glance: desc); a walk without it is judged against this. */
  readonly defaultDirection?: 'asc' | 'desc';
}

/**
 * How a list pages. `cursor`: the next token or link in the body (`nextPointer`) sent back as
 * `cursorParam`; `link-header`: RFC 8288 `Link: <…>; rel="next"`; `offset`: `offsetParam` moves by
 * the page size; `page`: `pageParam` counts pages from `firstPage`.
 */
export interface PaginationDeclaration {
  readonly style: 'cursor' | 'link-header' | 'offset' | 'page';
  readonly pageSizeParam: string;
  readonly cursorParam?: string;
  readonly offsetParam?: string;
  readonly pageParam?: string;
  /** @defaultValue 1 */
  readonly firstPage?: number;
  /** JSON pointer of the items in the body; `''` when the body is the array. */
  readonly itemsPointer: string;
  /** Cursor style: the pointer of the next cursor or link; absent at the end. */
  readonly nextPointer?: string;
  /** A total count in the body, if the API gives one. */
  readonly totalPointer?: string;
  readonly defaultPageSize?: number;
  readonly maxPageSize?: number;
  readonly order?: SortDeclaration;
  /** Equality filters: query parameter → pointer of the item field it matches (`status: /status`). */
  readonly filters?: Readonly<Record<string, string>>;
  /** The sort the caller may ask for; every key is walked in each direction. */
  readonly sort?: SortParamsDeclaration;
}

/** A documented quota: declared numbers, or the response headers that announce it. */
export interface RateLimitDeclaration {
  readonly limit?: number;
  readonly windowSeconds?: number;
  /** `ietf`: `RateLimit`/`RateLimit-Policy`; `x-ratelimit`: `X-RateLimit-Limit`/`-Remaining`/`-Reset`. */
  readonly headers?: 'ietf' | 'x-ratelimit';
  readonly scope?: readonly string[];
  /** Other limits for credentials with a prefix (IMG's test keys: 10/min). */
  readonly tiers?: readonly { readonly name: string; readonly keyPrefix: string; readonly limit: number }[];
}

/** An API's whole declaration, each part keyed as the document is. */
export interface Declaration {
  /** Resource name → its lifecycle. */
  readonly resources: Readonly<Record<string, ResourceDeclaration>>;
  /** List operationId → how it pages. */
  readonly pagination: Readonly<Record<string, PaginationDeclaration>>;
  /** operationId → its quota. */
  readonly rateLimits: Readonly<Record<string, RateLimitDeclaration>>;
}

/** What a declaration part rests on: written by the user, or inferred from the document (and why). */
export interface Provenance {
  readonly pointer: string;
  readonly origin: 'document' | 'config' | 'inferred';
  /** For an inferred part: what in the document it was read from. */
  readonly because?: string;
}

/** Something the inference could not decide, for the user to fill in. */
export interface Unresolved {
  /** Where in the declaration it belongs, e.g. `/resources/gist/visibility`. */
  readonly pointer: string;
  readonly what: string;
}

/** The declaration a config file gives (`declaration` of conform.config.*), and the file's name for messages. */
export interface ConfigDeclaration {
  readonly source: string;
  readonly value: unknown;
}

/** A declaration read from the document and the config, each part with where it was written. */
export interface WrittenDeclaration {
  readonly declaration: Declaration;
  readonly provenance: readonly Provenance[];
  /** Operation extensions of other tools' shape (`x-pagination`, `x-rate-limit` are common names) left out, each with why. */
  readonly warnings: readonly LoadWarning[];
}

/** A written declaration completed by inference, with what is still missing. */
export interface ResolvedDeclaration extends WrittenDeclaration {
  readonly unresolved: readonly Unresolved[];
}
