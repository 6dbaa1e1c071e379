// Cursor pagination as async iterators. A list answer carries responseMetaData.nextCursor; it is absent on the last
// page. The cursor is opaque and may contain + / = (the client URL-encodes it when it builds the query).

export interface CursorPage {
  responseMetaData?: { nextCursor?: string };
}

/** Upper bound on pages per iteration: a server that never stops paging must not loop forever. */
export const MAX_PAGES = 10_000;

/**
 * Yields every item of every page. `fetchPage(undefined)` fetches the first page, `fetchPage(cursor)` the next.
 * Throws when the server repeats a cursor (it would loop forever) or when more than `maxPages` pages come back.
 */
export async function* paginate<Page extends CursorPage, Item>(
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
  maxPages: number = MAX_PAGES,
): AsyncGenerator<Item, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await fetchPage(cursor);
    yield* itemsOf(page) ?? [];
    cursor = page.responseMetaData?.nextCursor;
    if (cursor === undefined || cursor === '') return;
    if (seen.has(cursor)) throw new Error(`pagination stopped: the server returned cursor ${JSON.stringify(cursor)} twice`);
    seen.add(cursor);
  }
  throw new Error(`pagination stopped after ${maxPages} pages`);
}
