/** Finance settings (currency, showback | chargeback) and fiscal periods. */
import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, departments, financeSettings, fiscalPeriods, statements } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { conflict, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { authorizeRead, authorizeRun } from './access';
import { settingsInput } from './schemas';
import { centsString, type CentsTotal } from './money';

export interface FinanceSettings {
	currency: string;
	mode: 'showback' | 'chargeback';
}

export async function loadSettings(db: Db): Promise<FinanceSettings> {
	const [row] = await db.select().from(financeSettings).where(eq(financeSettings.id, 1));
	return { currency: row?.currency ?? 'EUR', mode: (row?.mode ?? 'showback') as FinanceSettings['mode'] };
}

export async function getSettings(ctx: Ctx): Promise<FinanceSettings> {
	authorizeRead(ctx.actor);
	return loadSettings(ctx.db);
}

export async function updateSettings(ctx: Ctx, raw: unknown): Promise<FinanceSettings> {
	const actor = authorizeRun(ctx.actor);
	const input = parseInput(settingsInput, raw);
	return ctx.db.transaction(async (tx) => {
		const before = await loadSettings(tx);
		const after = { ...before, ...input };
		await tx
			.insert(financeSettings)
			.values({ id: 1, ...after, updatedAt: new Date() })
			.onConflictDoUpdate({ target: financeSettings.id, set: { ...after, updatedAt: new Date() } });
		await audit(tx, actor, { action: 'finance.settings_updated', entityType: 'finance_settings', entityId: '1', before, after });
		return after;
	});
}

/** Refuses changes to a closed period's inputs or statement (409). */
export async function assertPeriodOpen(tx: Db, period: string): Promise<void> {
	const [p] = await tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.period, period));
	if (p?.status === 'closed') throw conflict(`Period ${period} is closed`, 'period');
}

export async function assertDepartments(tx: Db, ids: string[], field: string): Promise<void> {
	const uniq = [...new Set(ids)];
	if (!uniq.length) return;
	const found = new Set((await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, uniq))).map((r) => r.id));
	const missing = uniq.find((id) => !found.has(id));
	if (missing) throw unprocessable(`${field}: no cost center ${missing}`, field);
}

/** A fiscal period as the pages show it: status, who/when closed and reopened, and its statement if any. */
export interface PeriodView {
	period: string;
	status: 'open' | 'closed';
	closedAt: string | null;
	closedBy: string | null;
	closedByName: string | null;
	reopenedAt: string | null;
	reopenedBy: string | null;
	reopenedByName: string | null;
	reopenReason: string | null;
	/** The period's statement (null = never run). */
	statement: { id: string; status: 'draft' | 'closed'; totalCents: CentsTotal; currency: string; createdAt: string; createdByName: string | null } | null;
}

export async function listPeriods(ctx: Ctx): Promise<PeriodView[]> {
	authorizeRead(ctx.actor);
	const closer = alias(accounts, 'closer');
	const reopener = alias(accounts, 'reopener');
	const author = alias(accounts, 'author');
	const rows = await ctx.db
		.select({
			p: fiscalPeriods,
			closedByName: closer.name,
			reopenedByName: reopener.name,
			st: { id: statements.id, status: statements.status, totalCents: statements.totalCents, currency: statements.currency, createdAt: statements.createdAt },
			createdByName: author.name
		})
		.from(fiscalPeriods)
		.leftJoin(closer, eq(closer.id, fiscalPeriods.closedBy))
		.leftJoin(reopener, eq(reopener.id, fiscalPeriods.reopenedBy))
		.leftJoin(statements, eq(statements.period, fiscalPeriods.period))
		.leftJoin(author, eq(author.id, statements.createdBy))
		.orderBy(asc(fiscalPeriods.period));
	return rows.map(({ p, closedByName, reopenedByName, st, createdByName }) => ({
		period: p.period,
		status: p.status as PeriodView['status'],
		closedAt: p.closedAt?.toISOString() ?? null,
		closedBy: p.closedBy,
		closedByName,
		reopenedAt: p.reopenedAt?.toISOString() ?? null,
		reopenedBy: p.reopenedBy,
		reopenedByName,
		reopenReason: p.reopenReason,
		statement: st?.id
			? { id: st.id, status: st.status as 'draft' | 'closed', totalCents: centsString(st.totalCents), currency: st.currency, createdAt: st.createdAt.toISOString(), createdByName }
			: null
	}));
}
