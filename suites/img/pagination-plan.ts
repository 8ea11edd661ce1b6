import fc from 'fast-check';
import { deriveSeed } from '../../src/generate/derive-seed.ts';
import { judgeCompleteness, judgeOrder, type JudgedDraft } from '../../src/run/semantic/judge-walk.ts';
import { judgeRefusals, type RefusalProbe } from '../../src/run/semantic/list-probes.ts';
import { paginationSpec } from '../../src/openapi/extensions/pagination.ts';
import { pointerAdapter, walkPages, type Walk } from '../../src/run/semantic/pagination-walk.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty } from '../../src/run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { uploadImage } from './img-requests.ts';

const LIST = 'getImages';
const PAGES: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /v1/images (pagination)' };
const ORDER: SemanticProperty = { checkId: 'pagination_order', operationId: LIST, operationLabel: 'GET /v1/images (pagination)' };
const FILTERS: SemanticProperty = { checkId: 'list_filters', operationId: LIST, operationLabel: 'GET /v1/images (filters)' };

/** The properties the IMG pagination suite reports. */
export const imgPaginationProperties: readonly SemanticProperty[] = [PAGES, ORDER, FILTERS];

function observed(judged: readonly JudgedDraft[], clause: string): ObservedDraft[] {
  return judged.map((item) => ({ ...item, clause }));
}

/**
 * The IMG list suite, driven by the list's `x-pagination` (cursor `from`, page size `take`, items at
 * `/data`, next at `/links/next`, newest first): uploads a random data set, walks the whole list
 * with the largest page size as the model, then with random small ones; a deleted image's id as
 * cursor and out-of-range sizes must be 400.
 */
export function imgPaginationPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: imgPaginationProperties,
    async run(session) {
      session.skip(FILTERS, 'GET /v1/images documents no filter parameters', { notApplicable: true });
      const model = await loadSuiteApi(session.runtime.settings.sources);
      const operation = model.operations.find((candidate) => candidate.id === LIST);
      const spec = operation ? paginationSpec(operation) : undefined;
      const owner = session.principal(principalName);
      const skipBoth = (reason: string): void => {
        session.skip(PAGES, reason);
        session.skip(ORDER, reason);
      };
      if (!spec) return skipBoth(`${LIST} has no x-pagination the suite understands`);
      if (!owner) return skipBoth(`principal '${principalName}' is not configured (the list suites upload their own images as it)`);
      const [sample] = fc.sample(
        fc.record({
          names: fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 3, maxLength: 6 }),
          takes: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
        }),
        { seed: deriveSeed(session.runtime.settings.seed, 'img-pagination'), numRuns: 1 },
      );
      if (!sample) throw new Error('fast-check gave no sample');
      const created: string[] = [];
      for (const name of sample.names) {
        const made = await uploadImage(session, owner, name);
        if (typeof made === 'string') return skipBoth(`could not create the data set: ${made}`);
        created.push(made.id);
      }
      const adapter = pointerAdapter(spec.itemsPointer, spec.nextPointer);
      const walk = (size: number, bound: number): Promise<Walk> =>
        walkPages(
          session.outgoing({ method: 'GET', path: '/v1/images', query: [[spec.pageSizeParam, String(size)]] }, owner).url,
          (url) => session.send(LIST, { method: 'GET', path: url }, owner),
          adapter,
          bound,
        );
      // The whole list in the largest pages is the model the small-page walks must reproduce.
      const whole = await walk(spec.maxPageSize, 50);
      const wholeLabel = `GET /v1/images?${spec.pageSizeParam}=${spec.maxPageSize}`;
      const expected = [...new Set([...whole.items.map((item) => adapter.idOf(item)).filter((id) => id !== undefined), ...created])];
      const walks = [{ walk: whole, size: spec.maxPageSize, label: wholeLabel }];
      for (const size of sample.takes) walks.push({ walk: await walk(size, Math.ceil(expected.length / size) + 3), size, label: `GET /v1/images?${spec.pageSizeParam}=${size}` });

      await session.property(PAGES, async () => {
        const found = walks.flatMap(({ walk: done, size, label }) =>
          judgeCompleteness(done, { limit: size, expectedIds: expected, exact: true, fullPageNeedsNext: false, label }, adapter),
        );
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
        return observed([...found, ...judgeRefusals(probes, 'GET /v1/images')], `IMG list: ${spec.pageSizeParam}, ${spec.cursorParam} and ${spec.nextPointer}`);
      });

      await session.property(ORDER, async () => {
        const order = spec.order;
        if (!order) return { skip: 'x-pagination declares no order', notApplicable: true };
        return observed(walks.flatMap(({ walk: done, label }) => judgeOrder(done, order, label, adapter)), `IMG list: ${order.field} ${order.direction}`);
      });
    },
  };
}
