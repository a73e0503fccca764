/** What every finance page shows around its own data: currency, mode, cost centers, may-run. */
import { asc } from 'drizzle-orm';
import { departments } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { can } from '../rbac/actor';
import { getSettings } from './settings';

export interface FinanceBase {
	currency: string;
	mode: 'showback' | 'chargeback';
	/** finance.run: every mutation. Readers see the editors disabled, with the reason. */
	canRun: boolean;
	departments: { id: string; code: string; name: string }[];
}

export async function financeBase(ctx: Ctx): Promise<FinanceBase> {
	const settings = await getSettings(ctx); // authorizes finance.read
	const deps = await ctx.db
		.select({ id: departments.id, code: departments.code, name: departments.name })
		.from(departments)
		.orderBy(asc(departments.code));
	return { ...settings, canRun: can(ctx.actor, 'finance.run'), departments: deps };
}

/** The current UTC month 'YYYY-MM', or `?period=` when it is one. */
export function periodParam(url: URL, name = 'period'): string {
	const v = url.searchParams.get(name) ?? '';
	return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? v : new Date().toISOString().slice(0, 7);
}
