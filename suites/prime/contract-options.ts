import type { Case } from '../../src/generate/case.ts';
import type { ContractRunOptions } from '../../src/run/contract-run.ts';
import { jsonBody } from '../../src/run/semantic/visibility-client.ts';

const GET_IMAGE = 'get_image_api_v1_images__image_name___image_tag__get';
const UPDATE_VISIBILITY = 'update_image_visibility_api_v1_images__image_name___image_tag__visibility_patch';

function imageCase(operationId: string, method: Case['method'], values: Readonly<Record<string, string>>, suffix: string, body?: unknown): Case {
  const path = `/api/v1/images/${encodeURIComponent(values.image_name ?? '')}/${encodeURIComponent(values.image_tag ?? '')}${suffix}`;
  const raw = body === undefined ? undefined : JSON.stringify(body);
  return {
    operationId,
    method,
    pathTemplate: `/api/v1/images/{image_name}/{image_tag}${suffix}`,
    pathParams: { image_name: values.image_name ?? '', image_tag: values.image_tag ?? '' },
    path,
    query: [],
    headers: { accept: 'application/json', ...(raw === undefined ? {} : { 'content-type': 'application/json' }) },
    cookies: {},
    ...(raw === undefined ? {} : { body: { mediaType: 'application/json', contentType: 'application/json', value: body, raw } }),
    mode: 'positive',
  };
}

/**
 * What Prime's contract suite adds to the generic run: on a deployment conform did not start, its
 * successful PATCHes go to the owner's declared images (`--fixtures`, personal ones), each read first
 * and set back to its visibility after the operation.
 */
export const primeContractOptions: ContractRunOptions = {
  fixtureState: {
    pathValues: (ref) => (ref.team_id === undefined && ref.image_name !== undefined && ref.image_tag !== undefined ? { image_name: ref.image_name, image_tag: ref.image_tag } : undefined),
    read: (values) => imageCase(GET_IMAGE, 'GET', values, ''),
    restore: (values, answer) => {
      const body = jsonBody(answer) as { images?: { visibility?: unknown }[] } | undefined;
      const visibility = answer.response?.status === 200 ? body?.images?.[0]?.visibility : undefined;
      return visibility === 'PUBLIC' || visibility === 'PRIVATE' ? imageCase(UPDATE_VISIBILITY, 'PATCH', values, '/visibility', { visibility }) : undefined;
    },
  },
};
