/**
 * The chargeback run of a period: usage (ClickHouse + CMDB) priced with the rate card in force at
 * the period's first day (a card effective mid-month applies from the next period), pools spread
 * by largest remainder → a draft statement with an inputs fingerprint. Re-running an open period
 * replaces its draft; a closed period answers 409. Closing freezes the statement (and a database
 * trigger refuses later edits). Each mutation writes its audit row in the same transaction.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parseInput } from '../validate';
import { accounts, costPools, departments, fiscalPeriods, statementLines, statements } from '../../../../schemas/postgres/index';
import { bulkInsert, type Db } from '../db/index';
import type { Ctx } from '../context';
import type { ClickHouse } from '../analytics/clickhouse';
import { audit } from '../audit';
import { conflict, notFound, unprocessable } from '../errors';
import { authorizeRun } from './access';
import { centsString, periodWindow, type CentsTotal } from './money';
import { fingerprint, priceLines, type PriceInput, type PricedLine } from './price';
import { rateCardFor } from './rateCards';
import { parsePeriod } from './schemas';
import { loadSettings } from './settings';
import { periodUsage, type Usage } from './usage';

export interface RunResult {
	statementId: string;
	period: string;
	status: 'draft';
	fingerprint: string;
	/** Exact decimal string of cents (totals can pass 2^53). */
	totalCents: CentsTotal;
	lines: number;
	/** The fingerprint of the draft this run replaced, if any (equal = nothing changed). */
	replaced: string | null;
	unpricedLines: number;
}

/** The acting account's display name (the pages show who closed or reopened a period). */
async function actorName(tx: Db, accountId: string | null, fallback: string): Promise<string> {
	if (!accountId) return fallback;
	const [a] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId));
	return a?.name ?? fallback;
}

/** Locks the period row (creating it open), so two runs of one period serialize. */
async function lockPeriod(tx: Db, period: string) {
	await tx.insert(fiscalPeriods).values({ period }).onConflictDoNothing();
	const [p] = await tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.period, period)).for('update');
	return p;
}

/** The statement's sums, added in BigInt: totalCents a bigint, the per-center / per-kind sums digit strings (jsonb). */
export function totalsOf(lines: PricedLine[]) {
	const byDepartment = new Map<string, bigint>();
	const byKind = new Map<string, bigint>();
	let totalCents = 0n;
	let tickets = 0;
	for (const l of lines) {
		const a = BigInt(l.amountCents);
		totalCents += a;
		byDepartment.set(l.departmentId ?? '', (byDepartment.get(l.departmentId ?? '') ?? 0n) + a);
		byKind.set(l.kind, (byKind.get(l.kind) ?? 0n) + a);
		if (l.kind === 'tickets') tickets += l.units;
	}
	const strings = (m: Map<string, bigint>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toString()]));
	return { totalCents, totals: { byDepartment: strings(byDepartment), byKind: strings(byKind), tickets } };
}

export async function runChargeback(ctx: Ctx, ch: ClickHouse, rawPeriod: unknown, opts: { usage?: Usage } = {}): Promise<RunResult> {
	const actor = authorizeRun(ctx.actor);
	const period = parsePeriod(rawPeriod);
	const { from, to } = periodWindow(period);
	// ClickHouse is read before the transaction: a slow analytics query must not hold the lock.
	const usage = opts.usage ?? (await periodUsage(ctx.db, ch, from, to));
	return ctx.db.transaction(async (tx) => {
		const p = await lockPeriod(tx, period);
		if (p.status === 'closed') throw conflict(`Period ${period} is closed; its statement cannot be re-run`, 'period');
		const card = await rateCardFor(tx, period);
		if (!card) throw unprocessable(`No rate card is in force on ${period}-01`, 'period');
		const settings = await loadSettings(tx);
		const depts = await tx.select({ id: departments.id }).from(departments).orderBy(asc(departments.code));
		const pools = await tx.select().from(costPools).where(eq(costPools.period, period)).orderBy(asc(costPools.name));
		const input: PriceInput = {
			period,
			mode: settings.mode,
			currency: settings.currency,
			rateCard: { id: card.id, effectiveFrom: card.effectiveFrom, entries: card.entries },
			usage,
			pools: pools.map((x) => ({ ...x, percentages: (x.percentages as Record<string, number> | null) ?? null })),
			departments: depts.map((d) => d.id)
		};
		let lines: PricedLine[];
		try {
			lines = priceLines(input);
		} catch (e) {
			// priceCents: a single line past 2^53 cents (units × rate) is refused, not rounded.
			if (e instanceof RangeError) throw unprocessable(`${e.message}: lower the rate`, 'unitRateCents');
			throw e;
		}
		const fp = fingerprint(input);
		const { totalCents, totals } = totalsOf(lines);
		const [old] = await tx.select().from(statements).where(eq(statements.period, period));
		if (old?.status === 'closed') throw conflict(`The statement of ${period} is closed`, 'period');
		if (old) await tx.delete(statements).where(eq(statements.id, old.id)); // lines cascade
		const [st] = await tx
			.insert(statements)
			.values({
				period,
				status: 'draft',
				mode: settings.mode,
				currency: settings.currency,
				rateCardId: card.id,
				fingerprint: fp,
				totalCents,
				totals,
				createdBy: actor.accountId
			})
			.returning();
		// json_populate_recordset: one parameter per chunk (a statement has ~10k lines at 100 cost centers).
		await bulkInsert(tx, statementLines, lines.map((l) => ({ ...l, statementId: st.id })));
		await audit(tx, actor, {
			action: old ? 'statement.redrafted' : 'statement.drafted',
			entityType: 'statement',
			entityId: period,
			before: old ? { id: old.id, fingerprint: old.fingerprint, totalCents: centsString(old.totalCents) } : undefined,
			after: { id: st.id, fingerprint: fp, totalCents: centsString(totalCents), lines: lines.length, rateCard: card.effectiveFrom }
		});
		return {
			statementId: st.id,
			period,
			status: 'draft',
			fingerprint: fp,
			totalCents: centsString(totalCents),
			lines: lines.length,
			replaced: old?.fingerprint ?? null,
			unpricedLines: lines.filter((l) => l.dims.unpriced).length
		};
	});
}

/** Closes a period: its draft statement becomes final and immutable; the period refuses re-runs. */
export const reopenInput = z.object({ reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(500) });

export async function closePeriod(ctx: Ctx, rawPeriod: unknown) {
	const actor = authorizeRun(ctx.actor);
	const period = parsePeriod(rawPeriod);
	return ctx.db.transaction(async (tx) => {
		const p = await lockPeriod(tx, period);
		if (p.status === 'closed') throw conflict(`Period ${period} is already closed`, 'period');
		const [st] = await tx.select().from(statements).where(eq(statements.period, period));
		if (!st) throw notFound(`A draft statement for ${period} (run the period first)`);
		const now = new Date();
		await tx.update(statements).set({ status: 'closed', closedAt: now, closedBy: actor.accountId }).where(eq(statements.id, st.id));
		await tx.update(fiscalPeriods).set({ status: 'closed', closedAt: now, closedBy: actor.accountId }).where(eq(fiscalPeriods.period, period));
		await audit(tx, actor, {
			action: 'period.closed',
			entityType: 'fiscal_period',
			entityId: period,
			before: { status: 'open', statement: st.id },
			after: { status: 'closed', statement: st.id, fingerprint: st.fingerprint, totalCents: centsString(st.totalCents) }
		});
		return {
			period,
			status: 'closed' as const,
			statementId: st.id,
			fingerprint: st.fingerprint,
			totalCents: centsString(st.totalCents),
			closedAt: now.toISOString(),
			closedBy: actor.accountId,
			closedByName: await actorName(tx, actor.accountId, actor.label)
		};
	});
}


/**
 * Reopens a closed period to correct it: the statement goes back to draft (re-runnable, budgets
 * and pools editable again). Who, when and why are kept on the period and in the audit log.
 */
export async function reopenPeriod(ctx: Ctx, rawPeriod: unknown, raw: unknown) {
	const actor = authorizeRun(ctx.actor);
	const period = parsePeriod(rawPeriod);
	const input = parseInput(reopenInput, raw ?? {});
	return ctx.db.transaction(async (tx) => {
		const p = await lockPeriod(tx, period);
		if (p.status !== 'closed') throw conflict(`Period ${period} is not closed`, 'period');
		const [st] = await tx.select().from(statements).where(eq(statements.period, period));
		const now = new Date();
		// The frozen-statement trigger lets exactly this change through (migration 0011).
		await tx.execute(sql`select set_config('opshub.finance_reopen', 'on', true)`);
		if (st) await tx.update(statements).set({ status: 'draft' }).where(eq(statements.id, st.id));
		await tx.execute(sql`select set_config('opshub.finance_reopen', '', true)`);
		await tx
			.update(fiscalPeriods)
			.set({ status: 'open', reopenedAt: now, reopenedBy: actor.accountId, reopenReason: input.reason })
			.where(eq(fiscalPeriods.period, period));
		await audit(tx, actor, {
			action: 'period.reopened',
			entityType: 'fiscal_period',
			entityId: period,
			before: { status: 'closed', closedAt: p.closedAt?.toISOString() ?? null },
			after: { status: 'open', reason: input.reason }
		});
		return { period, status: 'open' as const, reopenedAt: now.toISOString(), reopenedBy: actor.accountId, reopenedByName: await actorName(tx, actor.accountId, actor.label), reason: input.reason };
	});
}
