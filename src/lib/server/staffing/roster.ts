/**
 * The agent roster: every account with the agent role, named from its account, its skills being
 * the groups it belongs to (group_members), with a contract (hours per week) and days off (ISO
 * weekdays off every week, and dated leave). Agents without a row work the default contract
 * (40 h) with no day off, shown as "not set" on the roster page.
 */
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { accounts, groupMembers, groups, roleGrants, staffingRoster } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { notFound } from '../errors';
import { parseStaffing } from './calculate';
import { ROSTER_BOUNDS } from '../../staffing/rosterBounds';
import type { RosterAgent } from './rota';

export { ROSTER_BOUNDS };

export interface RosterEntry extends RosterAgent {
	email: string;
	groupNames: string[];
	/** false: no contract saved yet, the defaults apply */
	configured: boolean;
	updatedAt: string | null;
}

const H = ROSTER_BOUNDS.contractedHours;
const hoursMsg = `contractedHours must be from ${H.min} to ${H.max} h per week`;
const isRealDate = (s: string) => {
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const rosterInputSchema = z.object({
	contractedHours: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
		z.number({ error: hoursMsg }).refine((v) => Number.isFinite(v) && v >= H.min && v <= H.max, { error: hoursMsg })
	),
	weekdaysOff: z
		.array(z.number({ error: 'weekdaysOff must list weekdays 1 (Monday) to 7 (Sunday)' }).int({ error: 'weekdaysOff must list weekdays 1 (Monday) to 7 (Sunday)' }).min(1, { error: 'weekdaysOff must list weekdays 1 (Monday) to 7 (Sunday)' }).max(7, { error: 'weekdaysOff must list weekdays 1 (Monday) to 7 (Sunday)' }), { error: 'weekdaysOff must be a list of weekdays 1 (Monday) to 7 (Sunday)' })
		.max(7, { error: 'weekdaysOff must list at most 7 days' })
		.default([]),
	leave: z
		.array(
			z.string({ error: 'leave must list dates YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'leave must list dates YYYY-MM-DD' }).refine(isRealDate, { error: 'leave must list real dates' }),
			{ error: 'leave must be a list of dates YYYY-MM-DD' }
		)
		.max(ROSTER_BOUNDS.leaveDays.max, { error: `leave must list at most ${ROSTER_BOUNDS.leaveDays.max} dates` })
		.default([])
});
export type RosterInput = z.infer<typeof rosterInputSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** I/O: the roster, all agents or one group's members (skills), by name. No authorization. */
export async function loadRoster(db: Db, opts: { groupId?: string | null; accountId?: string } = {}): Promise<RosterEntry[]> {
	const agentRows = await db
		.selectDistinct({ id: accounts.id, name: accounts.name, email: accounts.email })
		.from(accounts)
		.innerJoin(roleGrants, and(eq(roleGrants.accountId, accounts.id), eq(roleGrants.roleId, 'agent')))
		.where(and(eq(accounts.active, true), opts.accountId ? eq(accounts.id, opts.accountId) : undefined));
	if (agentRows.length === 0) return [];
	const ids = agentRows.map((a) => a.id);
	const [memberRows, rosterRows] = await Promise.all([
		db
			.select({ accountId: groupMembers.accountId, groupId: groups.id, name: groups.name })
			.from(groupMembers)
			.innerJoin(groups, eq(groups.id, groupMembers.groupId))
			.where(inArray(groupMembers.accountId, ids)),
		db.select().from(staffingRoster).where(inArray(staffingRoster.accountId, ids))
	]);
	const rosterOf = new Map(rosterRows.map((r) => [r.accountId, r]));
	const groupsOf = new Map<string, { id: string; name: string }[]>();
	for (const m of memberRows) groupsOf.set(m.accountId, [...(groupsOf.get(m.accountId) ?? []), { id: m.groupId, name: m.name }]);
	return agentRows
		.map((a): RosterEntry => {
			const r = rosterOf.get(a.id);
			const gs = (groupsOf.get(a.id) ?? []).sort((x, y) => x.name.localeCompare(y.name, 'en'));
			return {
				accountId: a.id,
				name: a.name,
				email: a.email,
				groups: gs.map((g) => g.id),
				groupNames: gs.map((g) => g.name),
				contractedHours: r?.contractedHours ?? H.default,
				weekdaysOff: [...(r?.weekdaysOff ?? [])].sort((x, y) => x - y),
				leave: [...(r?.leave ?? [])].sort(),
				configured: r !== undefined,
				updatedAt: r?.updatedAt.toISOString() ?? null
			};
		})
		.filter((a) => !opts.groupId || a.groups.includes(opts.groupId))
		.sort((x, y) => x.name.localeCompare(y.name, 'en') || x.accountId.localeCompare(y.accountId));
}

/** GET /api/staffing/roster */
export async function listRoster(ctx: Ctx, query: { groupId?: string | null } = {}): Promise<RosterEntry[]> {
	authorize(ctx.actor, 'staffing.read');
	const groupId = query.groupId || null;
	if (groupId && !UUID.test(groupId)) return [];
	return loadRoster(ctx.db, { groupId });
}

async function findAgent(db: Db, accountId: string): Promise<RosterEntry> {
	const [entry] = UUID.test(accountId) ? await loadRoster(db, { accountId }) : [];
	if (!entry) throw notFound(`Agent ${accountId}`);
	return entry;
}

/** GET /api/staffing/roster/:accountId */
export async function getRosterEntry(ctx: Ctx, accountId: string): Promise<RosterEntry> {
	authorize(ctx.actor, 'staffing.read');
	return findAgent(ctx.db, accountId);
}

/** PUT /api/staffing/roster/:accountId: the whole contract and days off. Audited. */
export async function putRosterEntry(ctx: Ctx, accountId: string, raw: unknown): Promise<RosterEntry> {
	const actor = authorize(ctx.actor, 'staffing.plan');
	const input = parseStaffing(rosterInputSchema, raw);
	const value = {
		contractedHours: Math.round(input.contractedHours * 100) / 100,
		weekdaysOff: [...new Set(input.weekdaysOff)].sort((a, b) => a - b),
		leave: [...new Set(input.leave)].sort()
	};
	return ctx.db.transaction(async (tx) => {
		const before = await findAgent(tx, accountId);
		await tx
			.insert(staffingRoster)
			.values({ accountId, ...value, updatedBy: actor.accountId, updatedAt: new Date() })
			.onConflictDoUpdate({ target: staffingRoster.accountId, set: { ...value, updatedBy: actor.accountId, updatedAt: new Date() } });
		await audit(tx, actor, {
			action: 'staffing.roster.update',
			entityType: 'account',
			entityId: accountId,
			before: before.configured ? { contractedHours: before.contractedHours, weekdaysOff: before.weekdaysOff, leave: before.leave } : null,
			after: value
		});
		return findAgent(tx, accountId);
	});
}
