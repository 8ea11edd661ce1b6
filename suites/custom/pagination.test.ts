import { declaredLists, declaredPaginationProperties, declaredPaginationsPlan } from '../../src/run/semantic/declared-pagination.ts';
import { declaredSuite } from '../../src/vitest/declared-suite.ts';

// The paging of every list the document declares (or makes unambiguous): no code of its own.
await declaredSuite({
  title: 'custom pagination',
  fileTag: 'custom-pagination',
  does: 'walks the pages of each list a document declares',
  checkIds: ['pagination_complete', 'pagination_order', 'list_filters'],
  nothingDeclared: 'the document declares no paged list (x-pagination, or conform init to start one)',
  fromDeclaration: (model, declaration) => {
    const lists = declaredLists(declaration);
    return lists.length === 0 ? undefined : { properties: lists.flatMap((list) => declaredPaginationProperties(model, list)), plan: () => declaredPaginationsPlan(model, lists) };
  },
});
