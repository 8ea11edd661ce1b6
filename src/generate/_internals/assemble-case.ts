/** @internal A draft (parameter values + body) → a {@link Case}; and the deterministic boundary slots of an operation. */
import fc from 'fast-check';
import { documentedAccept } from '../accept-header.ts';
import type { Operation, Parameter, SecurityScheme } from '../../openapi/types.ts';
import { boundaryValues, boundaryValuesOfNode } from '../boundary-values.ts';
import type { Case, CaseMode, Violation, WireValue } from '../case.ts';
import { credentialsFor, type Principal } from '../principal.ts';
import { parameterCharset } from '../parameter-value.ts';
import type { RequestBody } from '../request-body.ts';
import { supportedMedia } from '../request-body.ts';
import { schemaNode, type SchemaValueConstraints } from '../schema-value.ts';
import { serializeParameters } from '../serialize-parameters.ts';
import { encodeBody, bodyKind } from './encode-body.ts';
import { isFaithful } from './faithful.ts';
import { isJsonObject, pointerSegment, setOwn, shortJson } from './json.ts';
import { validateNode } from './validate-node.ts';

/** Parameter values (undefined = not sent) and the body of one request, before serialization. */
export interface Draft {
  readonly values: ReadonlyMap<Parameter, unknown>;
  readonly body: RequestBody;
  readonly violates?: Violation;
}

/** Everything besides the draft that shapes a case. */
export interface AssembleOptions {
  readonly mode: CaseMode;
  readonly principal?: Principal;
  readonly securitySchemes?: readonly SecurityScheme[];
}

// OAS 3: header parameters named Accept, Content-Type or Authorization are ignored.
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** The parameters conform generates for `operation` (ignored header parameters left out). */
export function sentParameters(operation: Pick<Operation, 'parameters'>): Parameter[] {
  return operation.parameters.filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
}

/** Lays a draft out as a request of `operation`, with the principal's credentials attached. */
export function assembleCase(operation: Operation, draft: Draft, options: AssembleOptions): Case {
  const serialized = serializeParameters(operation.path, [...draft.values]);
  const headers: Record<string, WireValue> = { ...serialized.headers };
  const cookies: Record<string, WireValue> = { ...serialized.cookies };
  const query: [string, WireValue][] = [...serialized.query];
  const body = draft.body.body;
  const accept = documentedAccept(operation);
  if (accept !== undefined) headers.accept = accept;
  if (body) headers['content-type'] = body.contentType;
  if (options.principal) {
    const credentials = credentialsFor(operation, options.securitySchemes ?? [], options.principal);
    Object.assign(headers, credentials.headers);
    Object.assign(cookies, credentials.cookies);
    query.push(...credentials.query);
  }
  const violates = draft.violates ?? draft.body.violates;
  return {
    operationId: operation.id,
    method: operation.method.toUpperCase() as Case['method'],
    pathTemplate: operation.path,
    pathParams: serialized.pathParams,
    path: serialized.path,
    query,
    headers,
    cookies,
    ...(body ? { body } : {}),
    mode: options.mode,
    ...(violates ? { violates } : {}),
    ...(options.principal ? { principal: options.principal.name } : {}),
  };
}

/** Tags a value-level violation with the parameter it sits in, phrased for a finding. */
export function parameterViolation(parameter: Parameter, value: unknown, violates: Omit<Violation, 'location' | 'parameter'>): Violation {
  return {
    ...violates,
    location: parameter.in,
    parameter: parameter.name,
    description: `${parameter.in} ${parameter.name}${violates.instancePath}=${shortJson(value)} violates ${violates.keyword}: ${shortJson(violates.expected)} (${violates.description})`,
  };
}

/** One deterministic boundary edit: applied to a positive draft, it sets one parameter or body field to an edge value. */
export interface BoundarySlot {
  readonly label: string;
  /**
   * The draft with the edge in place, or undefined when the edge does not fit it. With `minimal`, a
   * body field's edge is set beside the body's required fields only (when that body is still valid
   * apart from the edge), so the edge is the one thing a server can object to.
   */
  apply(draft: Draft, minimal?: boolean): Draft | undefined;
}

/** The own fields of `value` that `required` names, in their order. */
function requiredFieldsOf(value: Readonly<Record<string, unknown>>, required: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (required.has(key)) setOwn(out, key, value[key]);
  return out;
}

const boundarySlotCache = new WeakMap<Operation, Map<string, readonly BoundarySlot[]>>();

/** The settings that decide an operation's edges, as a cache key. */
function boundaryKey(read: SchemaValueConstraints): string {
  return [read.dialect ?? '', read.maxDepth ?? 3, read.resolveRef ? 'r' : '', read.useExamples ?? true, read.direction ?? '', read.charset ?? ''].join('|');
}

/** The boundary slots of `operation`, in a fixed order: parameters as declared, then top-level body fields. */
export function boundarySlots(operation: Operation, read: SchemaValueConstraints): BoundarySlot[] {
  // Edges are pure data plus pure `apply`s: built once per operation and settings, since pattern
  // edges (fc.stringMatching) and the body's edge probes cost more than the requests they produce.
  const key = boundaryKey(read);
  let byKey = boundarySlotCache.get(operation);
  if (!byKey) boundarySlotCache.set(operation, (byKey = new Map()));
  let slots = byKey.get(key);
  if (!slots) byKey.set(key, (slots = buildBoundarySlots(operation, read)));
  return [...slots];
}

function buildBoundarySlots(operation: Operation, read: SchemaValueConstraints): BoundarySlot[] {
  const slots: BoundarySlot[] = [];
  for (const parameter of sentParameters(operation)) {
    for (const edge of boundaryValues(parameter.schema, { ...read, direction: 'request', text: true, charset: parameterCharset(parameter) })) {
      if (!isFaithful(parameter, edge.value)) continue;
      slots.push({
        label: `${parameter.in} ${parameter.name} ${edge.label}`,
        apply: (draft) => {
          const values = new Map(draft.values);
          values.set(parameter, edge.value);
          return { ...draft, values, violates: edge.violates ? parameterViolation(parameter, edge.value, edge.violates) : undefined };
        },
      });
    }
  }
  const media = supportedMedia(operation).find((m) => bodyKind(m.mediaType) === 'json' || bodyKind(m.mediaType) === 'form' || bodyKind(m.mediaType) === 'multipart');
  if (!media || media.schema === undefined) return slots;
  const node = schemaNode(media.schema, { ...read, direction: 'request' });
  const classify = (value: unknown, label: string): BoundarySlot['apply'] | undefined => {
    const errors = validateNode(node, value);
    if (errors.length > 1) return undefined;
    const error = errors[0];
    const encoded = encodeBody(media, value);
    if (!encoded) return undefined;
    const violates: Violation | undefined = error && {
      keyword: error.keyword,
      schemaPath: error.schemaPath,
      instancePath: error.instancePath,
      expected: undefined,
      location: 'body',
      description: `body${error.instancePath} ${label} violates ${error.keyword}`,
    };
    return (draft) => ({ ...draft, body: { body: encoded }, violates });
  };
  const properties = [...node.properties].filter(([name]) => !node.hidden.has(name));
  const required = new Set(node.required);
  if (properties.length > 0) {
    for (const [name, property] of properties) {
      for (const edge of boundaryValuesOfNode(property, { charset: 'json' })) {
        const label = `body${pointerSegment(name)} ${edge.label}`;
        const withEdge = (base: Readonly<Record<string, unknown>>): BoundarySlot['apply'] | undefined => {
          const value = { ...base };
          setOwn(value, name, edge.value);
          return classify(value, `=${shortJson(edge.value)}`);
        };
        slots.push({
          label,
          apply: (draft, minimal = false) => {
            const base = draft.body.body?.mediaType === media.mediaType && isJsonObject(draft.body.body.value) ? draft.body.body.value : undefined;
            if (!base) return undefined;
            // The required fields alone may not be a valid body (minProperties, dependentRequired):
            // the edge then goes into the whole base, as without `minimal`.
            const minimalBase = minimal ? requiredFieldsOf(base, required) : undefined;
            const apply = withEdge(minimalBase && validateNode(node, minimalBase).length === 0 ? minimalBase : base);
            const out = apply?.(draft);
            return out && out.violates ? { ...out, violates: { ...out.violates, expected: edge.violates?.expected, description: `body${pointerSegment(name)}=${shortJson(edge.value)} violates ${out.violates.keyword}${edge.violates ? `: ${shortJson(edge.violates.expected)}` : ''}` } } : out;
          },
        });
      }
    }
  } else {
    for (const edge of boundaryValuesOfNode(node, { charset: 'json' })) {
      const apply = classify(edge.value, `=${shortJson(edge.value)}`);
      if (apply) slots.push({ label: `body ${edge.label}`, apply: (draft) => apply(draft) });
    }
  }
  return slots;
}

/** Picks random slots over random positive drafts; the random tail of the boundary phase. */
export function randomBoundary(positive: fc.Arbitrary<Draft>, slots: readonly BoundarySlot[]): fc.Arbitrary<Draft> | undefined {
  if (slots.length === 0) return undefined;
  return fc.tuple(positive, fc.integer({ min: 0, max: slots.length - 1 })).map(([draft, index]) => (slots[index] as BoundarySlot).apply(draft) ?? draft);
}
