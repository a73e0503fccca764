import { api, ctxOf } from '$lib/server/http';
import { findRequesters } from '$lib/server/tickets/requesters';

/** Requester lookup for the desk: ?q= name, email or phone. */
export const GET = api(async (event) => findRequesters(await ctxOf(event), Object.fromEntries(event.url.searchParams)));
