import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase } from '$lib/server/finance/pageData';
import { listRateCards } from '$lib/server/finance/rateCards';
import { cardInForce } from '$lib/server/finance/money';
import { CATEGORIES, PRIORITIES, TICKET_TYPES, TIERS } from '../../../../schemas/events';

/** Rate card versions (newest first), the one in force this month, and the codes an entry can name. */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const [base, cards] = await Promise.all([financeBase(ctx), listRateCards(ctx)]);
	const inForce = cardInForce(cards, new Date().toISOString().slice(0, 7))?.id ?? null;
	return {
		base,
		inForce,
		cards: [...cards].reverse(),
		codes: { categories: [...CATEGORIES], priorities: [...PRIORITIES], ticketTypes: [...TICKET_TYPES], tiers: [...TIERS] }
	};
});
