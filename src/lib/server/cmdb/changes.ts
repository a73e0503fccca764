/**
 * Change requests: filing, approval (CAB), the state machine, maintenance windows, and the CI
 * updates a change applies when implementation starts. Audited as entity 'change'.
 *
 * States: draft → submitted → approved | rejected → scheduled → implementing → implemented →
 * reviewed → closed (rejected → closed too). Approval rules: standard changes are pre-approved
 * (submit approves them); normal changes need every listed approver; emergency changes need one.
 * Any rejection rejects the change. Segregation of duties: the requester of a change may not
 * approve it (403 with `reason: SEGREGATION_OF_DUTIES`), even when an approver role covers them.
 */
import { and, asc, desc, eq, gt, lte, inArray } from 'drizzle-orm';
import {
	accounts,
	changeApprovals,
	changeItems,
	changeRequests,
	configurationItems,
	maintenanceWindows,
	roles
} from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize, type Actor } from '../rbac/actor';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { loadClass, validateAttributes } from './classes';
import { affectedBusinessServices } from './impact';
import { patchCi } from './items';
import {
	CHANGE_STATES,
	changeActionInput,
	createChangeInput,
	decideChangeInput,
	type ChangeAction,
	type ChangeState,
	type CiPatch
} from './schemas';
import { z } from 'zod';

export interface ApprovalView {
	id: number;
	approverAccountId: string | null;
	approverRole: string | null;
	decision: string | null;
	decidedBy: string | null;
	decidedByLabel: string | null;
	comment: string | null;
	decidedAt: string | null;
}

export interface ChangeView {
	id: string;
	title: string;
	description: string;
	type: string;
	risk: string;
	impact: number;
	status: ChangeState;
	plannedStart: string;
	plannedEnd: string;
	requestedBy: string | null;
	requestedByLabel: string;
	items: Array<{ ciId: string; patch: CiPatch | null }>;
	approvals: ApprovalView[];
	createdAt: string;
	updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function loadChange(db: Db, id: string, { lock = false } = {}): Promise<ChangeView> {
	const q = db.select().from(changeRequests).where(eq(changeRequests.id, id));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw notFound(`Change ${id}`);
	const items = await db.select().from(changeItems).where(eq(changeItems.changeId, id)).orderBy(asc(changeItems.ciId));
	const approvals = await db
		.select()
		.from(changeApprovals)
		.where(eq(changeApprovals.changeId, id))
		.orderBy(asc(changeApprovals.id));
	return {
		id: row.id,
		title: row.title,
		description: row.description,
		type: row.type,
		risk: row.risk,
		impact: row.impact,
		status: row.status as ChangeState,
		plannedStart: row.plannedStart.toISOString(),
		plannedEnd: row.plannedEnd.toISOString(),
		requestedBy: row.requestedBy,
		requestedByLabel: row.requestedByLabel,
		items: items.map((i) => ({ ciId: i.ciId, patch: (i.patch as CiPatch | null) ?? null })),
		approvals: approvals.map((a) => ({
			id: a.id,
			approverAccountId: a.approverAccountId,
			approverRole: a.approverRole,
			decision: a.decision,
			decidedBy: a.decidedBy,
			decidedByLabel: a.decidedByLabel,
			comment: a.comment,
			decidedAt: iso(a.decidedAt)
		})),
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString()
	};
}

export async function getChange(ctx: Ctx, id: string): Promise<ChangeView> {
	authorize(ctx.actor, 'cmdb.read');
	return loadChange(ctx.db, parseInput(z.uuid('must be a change id'), id));
}

export async function listChanges(ctx: Ctx, raw: unknown = {}): Promise<ChangeView[]> {
	authorize(ctx.actor, 'cmdb.read');
	const input = parseInput(
		z.object({ status: z.enum(CHANGE_STATES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
		raw
	);
	const rows = await ctx.db
		.select({ id: changeRequests.id })
		.from(changeRequests)
		.where(input.status ? eq(changeRequests.status, input.status) : undefined)
		.orderBy(desc(changeRequests.createdAt))
		.limit(input.limit);
	return Promise.all(rows.map((r) => loadChange(ctx.db, r.id)));
}

/** The changes that list a CI, newest first. */
export async function changesForCi(ctx: Ctx, ciId: string, limit = 50): Promise<ChangeView[]> {
	authorize(ctx.actor, 'cmdb.read');
	const id = parseInput(z.uuid('must be a configuration item id'), ciId);
	const rows = await ctx.db
		.select({ id: changeRequests.id })
		.from(changeItems)
		.innerJoin(changeRequests, eq(changeRequests.id, changeItems.changeId))
		.where(eq(changeItems.ciId, id))
		.orderBy(desc(changeRequests.createdAt))
		.limit(limit);
	return Promise.all(rows.map((r) => loadChange(ctx.db, r.id)));
}

export async function createChange(ctx: Ctx, raw: unknown): Promise<ChangeView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(createChangeInput, raw);
	const ciIds = [...new Set(input.items.map((i) => i.ciId))];
	if (ciIds.length !== input.items.length) throw unprocessable('items: a configuration item is listed twice', 'items');
	return ctx.db.transaction(async (tx) => {
		const cis = await tx.select().from(configurationItems).where(inArray(configurationItems.id, ciIds));
		for (const [n, item] of input.items.entries()) {
			const ci = cis.find((c) => c.id === item.ciId);
			if (!ci) throw unprocessable(`items.${n}.ciId: no configuration item ${item.ciId}`, `items.${n}.ciId`);
			// Check the planned update now, against today's attributes, so a bad plan fails early.
			if (item.patch?.attributes) {
				const cls = await loadClass(tx, ci.classId);
				const merged: Record<string, unknown> = { ...(ci.attributes as object) };
				for (const [k, v] of Object.entries(item.patch.attributes)) {
					if (v === null) delete merged[k];
					else merged[k] = v;
				}
				validateAttributes(cls.id, cls.spec, merged);
			}
		}
		const approvers = input.type === 'standard' ? [] : input.approvers;
		for (const [n, a] of approvers.entries()) {
			if ('accountId' in a) {
				const [acc] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, a.accountId));
				if (!acc) throw unprocessable(`approvers.${n}.accountId: no account ${a.accountId}`, `approvers.${n}.accountId`);
			} else {
				const [role] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.id, a.role));
				if (!role) throw unprocessable(`approvers.${n}.role: no role "${a.role}"`, `approvers.${n}.role`);
			}
		}
		const impact = (await affectedBusinessServices(tx, ciIds)).length;
		const [row] = await tx
			.insert(changeRequests)
			.values({
				title: input.title,
				description: input.description,
				type: input.type,
				risk: input.risk,
				impact,
				status: 'draft',
				plannedStart: input.plannedStart,
				plannedEnd: input.plannedEnd,
				requestedBy: actor.accountId,
				requestedByLabel: actor.label
			})
			.returning();
		await tx.insert(changeItems).values(input.items.map((i) => ({ changeId: row.id, ciId: i.ciId, patch: i.patch ?? null })));
		if (approvers.length) {
			await tx.insert(changeApprovals).values(
				approvers.map((a) => ({
					changeId: row.id,
					approverAccountId: 'accountId' in a ? a.accountId : null,
					approverRole: 'role' in a ? a.role : null
				}))
			);
		}
		const view = await loadChange(tx, row.id);
		await audit(tx, actor, { action: 'change.created', entityType: 'change', entityId: row.id, after: view });
		return view;
	});
}

/** Which action moves which state where. */
const TRANSITIONS: Record<ChangeAction, { from: ChangeState[]; to: ChangeState }> = {
	submit: { from: ['draft'], to: 'submitted' },
	schedule: { from: ['approved'], to: 'scheduled' },
	implement: { from: ['scheduled'], to: 'implementing' },
	complete: { from: ['implementing'], to: 'implemented' },
	review: { from: ['implemented'], to: 'reviewed' },
	close: { from: ['reviewed', 'rejected'], to: 'closed' }
};

function illegal(change: ChangeView, target: string): never {
	throw conflict(`Change ${change.id} is "${change.status}"; it cannot move to "${target}"`, 'status');
}

async function setStatus(tx: Db, id: string, status: ChangeState, extra: { impact?: number } = {}) {
	await tx
		.update(changeRequests)
		.set({ status, updatedAt: new Date(), ...extra })
		.where(eq(changeRequests.id, id));
}

/** Approved: open a maintenance window on each CI for the planned window. */
async function openWindows(tx: Db, change: ChangeView) {
	await tx.insert(maintenanceWindows).values(
		change.items.map((i) => ({
			ciId: i.ciId,
			startsAt: new Date(change.plannedStart),
			endsAt: new Date(change.plannedEnd),
			changeId: change.id,
			reason: `Change: ${change.title}`
		}))
	);
}

export async function changeAction(ctx: Ctx, raw: unknown): Promise<ChangeView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(changeActionInput, raw);
	return ctx.db.transaction(async (tx) => {
		const before = await loadChange(tx, input.changeId, { lock: true });
		const t = TRANSITIONS[input.action];
		if (!t.from.includes(before.status)) illegal(before, t.to);
		let to = t.to;
		if (input.action === 'submit') {
			if (before.type !== 'standard' && before.approvals.length === 0) {
				throw unprocessable(`approvers: a ${before.type} change needs at least one approver`, 'approvers');
			}
			const impact = (await affectedBusinessServices(tx, before.items.map((i) => i.ciId))).length;
			if (before.type === 'standard') to = 'approved';
			await setStatus(tx, before.id, to, { impact });
			if (to === 'approved') await openWindows(tx, before);
		} else {
			if (input.action === 'implement') {
				for (const item of before.items) {
					if (!item.patch || (!item.patch.status && !item.patch.attributes)) continue;
					await patchCi(
						tx,
						actor,
						item.ciId,
						{ status: item.patch.status, attributesPatch: item.patch.attributes },
						'ci.updated',
						{ changeId: before.id }
					);
				}
			}
			await setStatus(tx, before.id, to);
		}
		const after = await loadChange(tx, before.id);
		await audit(tx, actor, { action: `change.${input.action}`, entityType: 'change', entityId: before.id, before, after });
		return after;
	});
}

/** The reason code a 403 carries (`error.reason`) when the requester of a change tries to approve it. */
export const SEGREGATION_OF_DUTIES = 'SEGREGATION_OF_DUTIES';

/** Segregation of duties: whoever filed a change may not approve it (rejecting it is allowed). */
export function isRequester(change: Pick<ChangeView, 'requestedBy'>, actor: Actor | null | undefined): boolean {
	return Boolean(change.requestedBy && actor?.accountId && change.requestedBy === actor.accountId);
}

function matches(actor: Actor, a: ApprovalView): boolean {
	return (
		(a.approverAccountId !== null && a.approverAccountId === actor.accountId) ||
		(a.approverRole !== null && actor.roles.includes(a.approverRole))
	);
}

export async function decideChange(ctx: Ctx, raw: unknown): Promise<ChangeView> {
	const actor = authorize(ctx.actor, 'changes.approve');
	const input = parseInput(decideChangeInput, raw);
	return ctx.db.transaction(async (tx) => {
		const before = await loadChange(tx, input.changeId, { lock: true });
		if (before.status !== 'submitted') illegal(before, input.decision === 'approve' ? 'approved' : 'rejected');
		if (input.decision === 'approve' && isRequester(before, actor)) {
			throw new DomainError(
				'FORBIDDEN',
				`You requested change ${before.id}: segregation of duties needs another approver`,
				undefined,
				undefined,
				{ reason: SEGREGATION_OF_DUTIES }
			);
		}
		const mine = before.approvals.filter((a) => matches(actor, a));
		if (!mine.length) throw forbidden(`You are not an approver of change ${before.id}`);
		const pending = mine.filter((a) => a.decision === null);
		if (!pending.length) throw conflict(`You already decided on change ${before.id}`);
		if (input.decision === 'reject' && !input.comment) {
			throw unprocessable('comment: a rejection needs a comment', 'comment');
		}
		const decision = input.decision === 'approve' ? 'approved' : 'rejected';
		await tx
			.update(changeApprovals)
			.set({ decision, decidedBy: actor.accountId, decidedByLabel: actor.label, comment: input.comment || null, decidedAt: new Date() })
			.where(inArray(changeApprovals.id, pending.map((a) => a.id)));
		const decided = before.approvals.map((a) => (pending.some((p) => p.id === a.id) ? { ...a, decision } : a));
		let status: ChangeState = 'submitted';
		if (decision === 'rejected') status = 'rejected';
		else if (before.type === 'emergency') status = 'approved';
		else if (decided.every((a) => a.decision === 'approved')) status = 'approved';
		if (status !== 'submitted') {
			await setStatus(tx, before.id, status);
			if (status === 'approved') await openWindows(tx, before);
		}
		const after = await loadChange(tx, before.id);
		await audit(tx, actor, {
			action: `change.${input.decision === 'approve' ? 'approval' : 'rejection'}`,
			entityType: 'change',
			entityId: before.id,
			before,
			after: { ...after, comment: input.comment }
		});
		return after;
	});
}

export interface MaintenanceWindow {
	id: number;
	ciId: string;
	startsAt: Date;
	endsAt: Date;
	changeId: string | null;
	reason: string;
}

/** Maintenance windows of these CIs ending after an instant (the processor checks many alerts at once). */
export async function maintenanceWindowsOf(db: Db, ciIds: string[], notEndedBefore: Date = new Date(0)): Promise<MaintenanceWindow[]> {
	if (!ciIds.length) return [];
	return db
		.select()
		.from(maintenanceWindows)
		.where(and(inArray(maintenanceWindows.ciId, ciIds), gt(maintenanceWindows.endsAt, notEndedBefore)));
}

/** The maintenance window covering a CI at an instant (half-open [start, end)), if any. For monitoring ingest. */
export async function activeMaintenance(db: Db, ciId: string, at: Date = new Date()): Promise<MaintenanceWindow | null> {
	const [row] = await db
		.select()
		.from(maintenanceWindows)
		.where(and(eq(maintenanceWindows.ciId, ciId), lte(maintenanceWindows.startsAt, at), gt(maintenanceWindows.endsAt, at)))
		.orderBy(asc(maintenanceWindows.startsAt))
		.limit(1);
	return row ?? null;
}
