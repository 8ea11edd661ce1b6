/** @internal Body values → bytes on the wire, per media type. */
import type { MediaTypeSpec } from '../../openapi/types.ts';
import type { CaseBody } from '../case.ts';
import { canonicalJson, isJsonObject } from './json.ts';
import { scalarText } from '../serialize-parameters.ts';
import { declaredMediaTypes, mediaSample } from '../media-samples.ts';

/** How conform encodes a media type, or `undefined` when it cannot. */
export type BodyKind = 'json' | 'json-patch' | 'multipart' | 'form' | 'binary' | 'text';

/** The encoding family of `mediaType`. */
export function bodyKind(mediaType: string): BodyKind | undefined {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.includes('json-patch')) return 'json-patch';
  if (type === 'application/json' || type.endsWith('+json') || type === '*/*' || type === 'application/*' || type === 'text/json') return 'json';
  if (type === 'multipart/form-data' || type === 'multipart/mixed') return 'multipart';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'application/octet-stream' || type.startsWith('image/') || type.startsWith('video/') || type.startsWith('audio/') || type === 'application/pdf' || type === 'application/zip') return 'binary';
  if (type === 'text/plain') return 'text';
  return undefined;
}

/** Encodes `value` as `media` says; `undefined` when the value has no faithful encoding there (a number as a form). */
export function encodeBody(media: MediaTypeSpec, value: unknown): CaseBody | undefined {
  const kind = bodyKind(media.mediaType);
  const mediaType = media.mediaType;
  switch (kind) {
    case 'json':
    case 'json-patch':
      return { mediaType, contentType: mediaType === '*/*' || mediaType === 'application/*' ? 'application/json' : mediaType, value, raw: JSON.stringify(value) };
    case 'text':
      return { mediaType, contentType: mediaType, value, raw: typeof value === 'string' ? value : JSON.stringify(value) };
    case 'binary': {
      const sample = mediaSample(declaredMediaTypes(mediaType));
      if (sample) return { mediaType, contentType: sample.mediaType, value: sample.bytes, raw: sample.bytes };
      if (value instanceof Uint8Array) return { mediaType, contentType: mediaType, value, raw: value };
      return typeof value === 'string' ? { mediaType, contentType: mediaType, value, raw: latin1Bytes(value) } : undefined;
    }
    case 'form': {
      if (!isJsonObject(value)) return undefined;
      const pairs: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        const items = Array.isArray(item) ? item : [item];
        for (const each of items) pairs.push(`${encodeForm(key)}=${encodeForm(scalarText(each))}`);
      }
      return { mediaType, contentType: mediaType, value, raw: pairs.join('&') };
    }
    case 'multipart':
      return isJsonObject(value) ? multipart(media, value) : undefined;
    default:
      return undefined;
  }
}

function encodeForm(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

function extensionOf(mediaType: string): string {
  return `.${mediaType.split('/')[1] ?? 'bin'}`;
}

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
}

function multipart(media: MediaTypeSpec, value: Record<string, unknown>): CaseBody {
  const parts: { name: string; contentType?: string; filename?: string; body: Uint8Array }[] = [];
  const schema = isJsonObject(media.schema) ? media.schema : {};
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const encoder = new TextEncoder();
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    const declaredList = declaredMediaTypes(media.encoding?.[name]?.contentType);
    const sample = mediaSample(declaredList, Number.parseInt(hash(canonicalJson(value)), 16));
    // A part's Content-Type names one type, even where the document lists several it accepts.
    const declared = sample?.mediaType ?? declaredList[0];
    const isBinary = isJsonObject(property) && (property.format === 'binary' || typeof property.contentMediaType === 'string');
    const items = Array.isArray(item) && isJsonObject(property) && property.type === 'array' ? item : [item];
    for (const each of items) {
      if (isBinary && sample) {
        parts.push({ name, filename: `${name}${extensionOf(sample.mediaType)}`, contentType: sample.mediaType, body: sample.bytes });
      } else if (isBinary && typeof each === 'string') {
        parts.push({ name, filename: `${name}.bin`, contentType: declared ?? 'application/octet-stream', body: latin1Bytes(each) });
      } else if (typeof each === 'object' && each !== null) {
        parts.push({ name, contentType: declared ?? 'application/json', body: encoder.encode(JSON.stringify(each)) });
      } else {
        parts.push({ name, contentType: declared, body: encoder.encode(scalarText(each)) });
      }
    }
  }
  // The boundary is derived from the content, so the same value always gets the same bytes.
  let boundary = `conform-${hash(canonicalJson(value))}`;
  const contains = (needle: string): boolean => parts.some((part) => Buffer.from(part.body).includes(needle));
  while (contains(boundary)) boundary += 'x';
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name.replace(/"/g, '%22')}"`;
    if (part.filename) head += `; filename="${part.filename.replace(/"/g, '%22')}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(encoder.encode(`${head}\r\n`), part.body, encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { mediaType: media.mediaType, contentType: `multipart/form-data; boundary=${boundary}`, value, raw: Buffer.concat(chunks) };
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
