import { and, eq, inArray } from 'drizzle-orm';
import type { Job } from './scheduler';
import { accounts, notifications, roleGrants, rolePermissions, statements } from '../schemas/postgres/index';
import type { Runtime } from '../src/lib/server/runtime';
import { systemActor } from '../src/lib/server/rbac/actor';
import { runChargeback } from '../src/lib/server/finance/run';
import { addPeriods, formatCents, periodOf } from '../src/lib/server/finance/money';
import { isDomainError } from '../src/lib/server/errors';

/**
 * On day 1 at 02:00 UTC, drafts the previous period's chargeback (re-drafting an open one; a
 * closed one is left alone) and tells every account holding finance.run that a draft awaits review.
 */
export async function draftPreviousPeriod(rt: Pick<Runtime, 'pg' | 'ch'>, now = new Date()) {
	const period = addPeriods(periodOf(now), -1);
	const db = rt.pg.db;
	const [existing] = await db.select({ status: statements.status }).from(statements).where(eq(statements.period, period));
	if (existing?.status === 'closed') return { period, skipped: 'closed' as const };
	let result;
	try {
		result = await runChargeback({ db, actor: systemActor('chargeback-draft') }, rt.ch, period);
	} catch (e) {
		// No rate card yet, or closed meanwhile: recorded as a failed run, finance is not paged.
		if (isDomainError(e)) return { period, skipped: e.message };
		throw e;
	}
	const recipients = await db
		.selectDistinct({ id: accounts.id })
		.from(accounts)
		.innerJoin(roleGrants, eq(roleGrants.accountId, accounts.id))
		.innerJoin(rolePermissions, eq(rolePermissions.roleId, roleGrants.roleId))
		.where(and(eq(accounts.active, true), inArray(rolePermissions.permissionId, ['finance.run'])));
	if (recipients.length) {
		await db.insert(notifications).values(
			recipients.map((r) => ({
				accountId: r.id,
				kind: 'finance.draft',
				message: `Chargeback draft for ${period} is ready for review: ${result.lines} lines, total ${formatCents(result.totalCents).replace(/,/g, '')}${result.unpricedLines ? `, ${result.unpricedLines} without a rate` : ''}`
			}))
		);
	}
	return { ...result, notified: recipients.length };
}

export const chargebackDraftJob: Job = {
	name: 'chargeback-draft',
	schedule: '0 0 2 1 * *',
	run: (rt) => draftPreviousPeriod(rt)
};
