import { addTag, deactivateImage, downloadImageData, reactivateImage, removeTag, uploadImageData } from './action-handlers.ts';
import type { GlanceHandler } from './exchange.ts';
import { createImage, deleteImage, showImage } from './image-handlers.ts';
import { listImages } from './list-handler.ts';
import { addMember, listMembers, removeMember, showMember, updateMember } from './member-handlers.ts';
import { patchImage } from './patch-handler.ts';
import { notFound } from './glance-error.ts';
import { schemaReply } from './schemas.ts';

/** One path template and the handler of each method it supports. */
export interface GlanceRoute {
  readonly template: string;
  readonly methods: Readonly<Record<string, GlanceHandler>>;
}

/** Every /v2 resource the reference server serves, as upstream's router maps them. */
export const GLANCE_ROUTES: readonly GlanceRoute[] = [
  { template: '/v2/images', methods: { GET: listImages, POST: createImage } },
  { template: '/v2/images/{imageId}', methods: { GET: showImage, PATCH: patchImage, DELETE: deleteImage } },
  { template: '/v2/images/{imageId}/actions/deactivate', methods: { POST: deactivateImage } },
  { template: '/v2/images/{imageId}/actions/reactivate', methods: { POST: reactivateImage } },
  { template: '/v2/images/{imageId}/members', methods: { GET: listMembers, POST: addMember } },
  { template: '/v2/images/{imageId}/members/{memberId}', methods: { GET: showMember, PUT: updateMember, DELETE: removeMember } },
  { template: '/v2/images/{imageId}/tags/{tag}', methods: { PUT: addTag, DELETE: removeTag } },
  { template: '/v2/images/{imageId}/file', methods: { GET: downloadImageData, PUT: uploadImageData } },
  {
    template: '/v2/schemas/{name}',
    methods: {
      GET: (request) => {
        const reply = schemaReply(request.params.name ?? '');
        if (!reply) throw notFound('The resource could not be found.');
        return reply;
      },
    },
  },
];

/** A matched route: its handlers and the decoded path parameters. */
export interface RouteMatch {
  readonly route: GlanceRoute;
  readonly params: Readonly<Record<string, string>>;
}

/** Matches a raw (still percent-encoded) path; segments are decoded one by one, so `%2F` stays inside one. */
export function matchRoute(path: string): RouteMatch | undefined {
  const segments = path.split('/');
  for (const route of GLANCE_ROUTES) {
    const parts = route.template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (const [index, part] of parts.entries()) {
      const segment = segments[index] ?? '';
      if (part.startsWith('{')) {
        const decoded = safeDecode(segment);
        if (decoded === undefined || decoded === '') {
          matched = false;
          break;
        }
        params[part.slice(1, -1)] = decoded;
      } else if (part !== segment) {
        matched = false;
        break;
      }
    }
    if (matched) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
