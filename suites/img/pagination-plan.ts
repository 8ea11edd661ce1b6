import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { paginationSpec } from '../../src/openapi/extensions/pagination.ts';
import type { Principal } from '../../src/principals.ts';
import { declaredLists, declaredPaginationPlan } from '../../src/run/semantic/declared-pagination.ts';
import type { JudgedDraft } from '../../src/run/semantic/judge-walk.ts';
import { judgeRefusals, type RefusalProbe } from '../../src/run/semantic/list-probes.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty, SemanticSession } from '../../src/run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { uploadImage } from './img-requests.ts';

const LIST = 'getImages';
const PAGES: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /v1/images (pagination)' };
const ORDER: SemanticProperty = { checkId: 'pagination_order', operationId: LIST, operationLabel: 'GET /v1/images (pagination)' };
const FILTERS: SemanticProperty = { checkId: 'list_filters', operationId: LIST, operationLabel: 'GET /v1/images (filters)' };

/** The properties the IMG pagination suite reports. */
export const imgPaginationProperties: readonly SemanticProperty[] = [PAGES, ORDER, FILTERS];

/**
 * What IMG's list refuses, which no declaration part says: a deleted image's id as the `from` cursor
 * (its cursor is an image id) and page sizes out of the documented range are 400.
 */
async function imgListRefusals(session: SemanticSession, owner: Principal): Promise<readonly JudgedDraft[]> {
  const model = await loadSuiteApi(session.runtime.settings.sources);
  const operation = model.operations.find((candidate) => candidate.id === LIST);
  const spec = operation ? paginationSpec(operation) : undefined;
  if (!spec) return [];
  const probes: RefusalProbe[] = [];
  const gone = await uploadImage(session, owner, 'conform-gone');
  if (typeof gone !== 'string') {
    await session.send('removeImage', { method: 'DELETE', path: gone.url }, owner);
    session.removed(gone.url);
    probes.push({ what: `${spec.cursorParam} of a deleted image`, key: 'bad-cursor-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/v1/images', query: [[spec.cursorParam, gone.id]] }, owner) });
  }
  for (const size of [String(spec.minPageSize - 1), String(spec.maxPageSize + 1), 'abc']) {
    probes.push({ what: `${spec.pageSizeParam}=${size}`, key: 'bad-page-size-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/v1/images', query: [[spec.pageSizeParam, size]] }, owner) });
  }
  return judgeRefusals(probes, 'GET /v1/images');
}

/**
 * The IMG list suite: the declared pagination suite of any document (issue "Semantics for any
 * document"), from the list's `x-pagination` and the image resource of the document's `x-conform`
 * (cursor `from`, page size `take`, items at `/data`, next at `/links/next`, newest first): a data set
 * created first, the whole list in its largest pages as the model, small-page walks that must keep it.
 * Only the refusal probes above are IMG's own code.
 */
export function imgPaginationPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: imgPaginationProperties,
    async run(session) {
      session.skip(FILTERS, 'GET /v1/images documents no filter parameters', { notApplicable: true });
      const model = await loadSuiteApi(session.runtime.settings.sources);
      const list = declaredLists(resolveDeclaration(model).declaration).find((candidate) => candidate.operationId === LIST);
      if (!list) {
        session.skip(PAGES, `${LIST} declares no paging the suite understands`);
        session.skip(ORDER, `${LIST} declares no paging the suite understands`);
        return;
      }
      await declaredPaginationPlan(model, list, principalName, { pages: imgListRefusals }).run(session);
    },
  };
}
