import { api, ctxOf } from '$lib/server/http';
import { searchTickets } from '$lib/server/tickets/search';

/** Full-text search: ?q=…&page=&limit= (ranked, matched words marked in titleHl/snippet). */
export const GET = api(async (event) => searchTickets(await ctxOf(event), Object.fromEntries(event.url.searchParams)));
