/**
 * Rate cards, versioned by effective date: a new card replaces the whole previous one from its
 * effective_from. A card already used by a closed statement cannot be changed (cards are
 * append-only here: there is no update verb, and deleting a card in use is refused).
 */
import { asc, eq } from 'drizzle-orm';
import { rateCardEntries, rateCards, statements } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { conflict, notFound } from '../errors';
import { parseInput } from '../validate';
import { authorizeRead, authorizeRun } from './access';
import { assertDepartments } from './settings';
import { copyRateCardInput, rateCardInput } from './schemas';
import { cardInForce } from './money';

export type RateEntry = typeof rateCardEntries.$inferSelect;
export interface RateCard {
	id: string;
	effectiveFrom: string;
	note: string;
	entries: RateEntry[];
}

export async function loadRateCards(db: Db): Promise<RateCard[]> {
	const cards = await db.select().from(rateCards).orderBy(asc(rateCards.effectiveFrom));
	const entries = await db.select().from(rateCardEntries).orderBy(asc(rateCardEntries.id));
	return cards.map((c) => ({
		id: c.id,
		effectiveFrom: c.effectiveFrom,
		note: c.note,
		entries: entries.filter((e) => e.rateCardId === c.id)
	}));
}

/** The card in force at the period's first day (see money.cardInForce), or null. */
export async function rateCardFor(db: Db, period: string): Promise<RateCard | null> {
	return cardInForce(await loadRateCards(db), period);
}

export async function listRateCards(ctx: Ctx): Promise<RateCard[]> {
	authorizeRead(ctx.actor);
	return loadRateCards(ctx.db);
}

export async function createRateCard(ctx: Ctx, raw: unknown): Promise<RateCard> {
	const actor = authorizeRun(ctx.actor);
	const input = parseInput(rateCardInput, raw, 'UNPROCESSABLE');
	return ctx.db.transaction(async (tx) => {
		const [dup] = await tx.select({ id: rateCards.id }).from(rateCards).where(eq(rateCards.effectiveFrom, input.effectiveFrom));
		if (dup) throw conflict(`A rate card effective from ${input.effectiveFrom} already exists`, 'effectiveFrom');
		await assertDepartments(
			tx,
			input.entries.flatMap((e) => (e.kind === 'service_fee' && e.departmentId ? [e.departmentId] : [])),
			'entries.departmentId'
		);
		const [card] = await tx
			.insert(rateCards)
			.values({ effectiveFrom: input.effectiveFrom, note: input.note, createdBy: actor.accountId })
			.returning();
		const entries = await tx
			.insert(rateCardEntries)
			.values(
				input.entries.map((e) => ({
					rateCardId: card.id,
					kind: e.kind,
					category: e.kind === 'ticket' ? e.category : null,
					priority: e.kind === 'ticket' ? e.priority : null,
					ticketType: e.kind === 'ticket' ? e.ticketType : null,
					tier: e.kind === 'agent_hour' ? e.tier : null,
					ciClass: e.kind === 'ci_month' ? e.ciClass : null,
					service: e.kind === 'service_fee' ? e.service : null,
					departmentId: e.kind === 'service_fee' ? e.departmentId : null,
					unitRateCents: e.unitRateCents
				}))
			)
			.returning();
		const view = { id: card.id, effectiveFrom: card.effectiveFrom, note: card.note, entries };
		await audit(tx, actor, { action: 'rate_card.created', entityType: 'rate_card', entityId: card.id, after: view });
		return view;
	});
}

export async function deleteRateCard(ctx: Ctx, id: string): Promise<void> {
	const actor = authorizeRun(ctx.actor);
	await ctx.db.transaction(async (tx) => {
		const [card] = await tx.select().from(rateCards).where(eq(rateCards.id, id));
		if (!card) throw notFound(`Rate card ${id}`);
		const [used] = await tx.select({ period: statements.period }).from(statements).where(eq(statements.rateCardId, id)).limit(1);
		if (used) throw conflict(`Rate card ${card.effectiveFrom} priced the statement of ${used.period}`);
		await tx.delete(rateCards).where(eq(rateCards.id, id));
		await audit(tx, actor, { action: 'rate_card.deleted', entityType: 'rate_card', entityId: id, before: card });
	});
}

/**
 * A new version of a rate card: the same entries from a new effective date (the editor then
 * changes what differs). Audited as a creation that names its origin.
 */
export async function copyRateCard(ctx: Ctx, id: string, raw: unknown): Promise<RateCard> {
	authorizeRun(ctx.actor);
	const input = parseInput(copyRateCardInput, raw, 'UNPROCESSABLE');
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`Rate card ${id}`);
	const [card] = await ctx.db.select().from(rateCards).where(eq(rateCards.id, id));
	if (!card) throw notFound(`Rate card ${id}`);
	const entries = await ctx.db.select().from(rateCardEntries).where(eq(rateCardEntries.rateCardId, id));
	return createRateCard(ctx, {
		effectiveFrom: input.effectiveFrom,
		note: input.note ?? `Copy of the card effective ${card.effectiveFrom}${card.note ? ` (${card.note})` : ''}`.slice(0, 500),
		entries: entries.map((e) => {
			switch (e.kind) {
				case 'ticket':
					return { kind: 'ticket', category: e.category, priority: e.priority, ticketType: e.ticketType, unitRateCents: e.unitRateCents };
				case 'agent_hour':
					return { kind: 'agent_hour', tier: e.tier, unitRateCents: e.unitRateCents };
				case 'ci_month':
					return { kind: 'ci_month', ciClass: e.ciClass, unitRateCents: e.unitRateCents };
				default:
					return { kind: 'service_fee', service: e.service, departmentId: e.departmentId, unitRateCents: e.unitRateCents };
			}
		})
	});
}
