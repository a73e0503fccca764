/** Configuration items: create, read, search, update, delete. Every mutation is audited as entity 'ci'. */
import { and, asc, eq, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import {
	changeItems,
	changeRequests,
	ciIdentities,
	ciRelations,
	configurationItems,
	departments,
	groups
} from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize, type Actor } from '../rbac/actor';
import { conflict, notFound, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { loadClass, validateAttributes, type Attributes } from './classes';
import { identitiesOf, insertIdentities, normalizeIdentities } from './identities';
import { createCiInput, searchCiInput, updateCiInput, type IdentityInput } from './schemas';
import { z } from 'zod';

export interface CiView {
	id: string;
	name: string;
	classId: string;
	status: string;
	criticality: number;
	ownerGroupId: string | null;
	costCenterId: string | null;
	location: string | null;
	attributes: Attributes;
	identities: IdentityInput[];
	createdAt: string;
	updatedAt: string;
}

type CiRow = typeof configurationItems.$inferSelect;

export function ciView(row: CiRow, identities: IdentityInput[]): CiView {
	return {
		id: row.id,
		name: row.name,
		classId: row.classId,
		status: row.status,
		criticality: row.criticality,
		ownerGroupId: row.ownerGroupId,
		costCenterId: row.costCenterId,
		location: row.location,
		attributes: row.attributes as Attributes,
		identities,
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString()
	};
}

async function assertRefs(tx: Db, input: { ownerGroupId?: string | null; costCenterId?: string | null }) {
	if (input.ownerGroupId) {
		const [g] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, input.ownerGroupId));
		if (!g) throw unprocessable(`ownerGroupId: no group ${input.ownerGroupId}`, 'ownerGroupId');
	}
	if (input.costCenterId) {
		const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.costCenterId));
		if (!d) throw unprocessable(`costCenterId: no department ${input.costCenterId}`, 'costCenterId');
	}
}

/** Inserts a validated CI with its identities and audit row; shared by create and the CSV import. */
export async function insertCi(tx: Db, actor: Actor, input: z.infer<typeof createCiInput>, auditAction = 'ci.created'): Promise<CiView> {
	const cls = await loadClass(tx, input.classId);
	const attributes = validateAttributes(cls.id, cls.spec, input.attributes);
	await assertRefs(tx, input);
	const identities = normalizeIdentities(input.identities);
	const [row] = await tx
		.insert(configurationItems)
		.values({
			name: input.name,
			classId: cls.id,
			status: input.status,
			criticality: input.criticality,
			ownerGroupId: input.ownerGroupId ?? null,
			costCenterId: input.costCenterId ?? null,
			location: input.location ?? null,
			attributes
		})
		.returning();
	await insertIdentities(tx, row.id, identities);
	const view = ciView(row, identities);
	await audit(tx, actor, { action: auditAction, entityType: 'ci', entityId: row.id, after: view });
	return view;
}

export async function createCi(ctx: Ctx, raw: unknown): Promise<CiView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(createCiInput, raw);
	return ctx.db.transaction((tx) => insertCi(tx, actor, input));
}

export async function loadCi(db: Db, id: string, { lock = false } = {}): Promise<CiView> {
	const q = db.select().from(configurationItems).where(eq(configurationItems.id, id));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw notFound(`Configuration item ${id}`);
	return ciView(row, await identitiesOf(db, id));
}

export async function getCi(ctx: Ctx, id: string): Promise<CiView> {
	authorize(ctx.actor, 'cmdb.read');
	const parsed = parseInput(z.uuid('must be a configuration item id'), id);
	return loadCi(ctx.db, parsed);
}

export interface CiChange {
	name?: string;
	status?: string;
	criticality?: number;
	ownerGroupId?: string | null;
	costCenterId?: string | null;
	location?: string | null;
	attributes?: Record<string, unknown>;
	attributesPatch?: Record<string, unknown>;
}

/**
 * Applies a change to a CI inside the caller's transaction: validates attributes against the
 * class, writes the row and an audit row with before/after. `meta` lands on the audit row's
 * `after` (e.g. the change request or history row that caused it).
 */
export async function patchCi(
	tx: Db,
	actor: Actor,
	id: string,
	change: CiChange,
	action = 'ci.updated',
	meta: Record<string, unknown> = {}
): Promise<CiView> {
	const before = await loadCi(tx, id, { lock: true });
	let attrs: Record<string, unknown> = change.attributes ?? { ...before.attributes };
	if (change.attributesPatch) {
		attrs = { ...attrs };
		for (const [k, v] of Object.entries(change.attributesPatch)) {
			if (v === null) delete attrs[k];
			else attrs[k] = v;
		}
	}
	const cls = await loadClass(tx, before.classId);
	const attributes = validateAttributes(cls.id, cls.spec, attrs);
	await assertRefs(tx, change);
	const [row] = await tx
		.update(configurationItems)
		.set({
			name: change.name ?? before.name,
			status: change.status ?? before.status,
			criticality: change.criticality ?? before.criticality,
			ownerGroupId: change.ownerGroupId !== undefined ? change.ownerGroupId : before.ownerGroupId,
			costCenterId: change.costCenterId !== undefined ? change.costCenterId : before.costCenterId,
			location: change.location !== undefined ? change.location : before.location,
			attributes,
			updatedAt: new Date()
		})
		.where(eq(configurationItems.id, id))
		.returning();
	const after = ciView(row, before.identities);
	await audit(tx, actor, { action, entityType: 'ci', entityId: id, before, after: { ...after, ...meta } });
	return after;
}

export async function updateCi(ctx: Ctx, raw: unknown): Promise<CiView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const { id, ...change } = parseInput(updateCiInput, raw);
	return ctx.db.transaction((tx) => patchCi(tx, actor, id, change));
}

/** Deletes a CI; its relations go too, each with its own audit row. Refused while an open change lists it. */
export async function deleteCi(ctx: Ctx, id: string): Promise<void> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const ciId = parseInput(z.uuid('must be a configuration item id'), id);
	await ctx.db.transaction(async (tx) => {
		const before = await loadCi(tx, ciId, { lock: true });
		const [open] = await tx
			.select({ id: changeRequests.id, status: changeRequests.status })
			.from(changeItems)
			.innerJoin(changeRequests, eq(changeRequests.id, changeItems.changeId))
			.where(and(eq(changeItems.ciId, ciId), notInArray(changeRequests.status, ['closed', 'rejected'])))
			.limit(1);
		if (open) throw conflict(`Configuration item ${before.name} is in change ${open.id} ("${open.status}"); close it first`);
		const rels = await tx
			.delete(ciRelations)
			.where(or(eq(ciRelations.fromCiId, ciId), eq(ciRelations.toCiId, ciId)))
			.returning();
		for (const r of rels) {
			await audit(tx, actor, { action: 'ci_relation.deleted', entityType: 'ci_relation', entityId: r.id, before: relationView(r) });
		}
		await tx.delete(ciIdentities).where(eq(ciIdentities.ciId, ciId));
		await tx.delete(configurationItems).where(eq(configurationItems.id, ciId));
		await audit(tx, actor, { action: 'ci.deleted', entityType: 'ci', entityId: ciId, before });
	});
}

export function relationView(r: typeof ciRelations.$inferSelect) {
	return { id: r.id, fromCiId: r.fromCiId, toCiId: r.toCiId, type: r.type, createdAt: r.createdAt.toISOString() };
}

export interface CiPage {
	items: CiView[];
	total: number;
}

/** Search by name (substring, case-insensitive) or exact identity value, class and status. */
export async function searchCis(ctx: Ctx, raw: unknown): Promise<CiPage> {
	authorize(ctx.actor, 'cmdb.read');
	const input = parseInput(searchCiInput, raw);
	const where: SQL[] = [];
	if (input.classId) where.push(eq(configurationItems.classId, input.classId));
	if (input.status) where.push(eq(configurationItems.status, input.status));
	if (input.q) {
		const like = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		where.push(
			or(
				ilike(configurationItems.name, like),
				sql`${configurationItems.id} in (select ${ciIdentities.ciId} from ${ciIdentities} where ${ciIdentities.value} = ${input.q.toLowerCase()})`
			)!
		);
	}
	const cond = where.length ? and(...where) : undefined;
	const rows = await ctx.db
		.select()
		.from(configurationItems)
		.where(cond)
		.orderBy(asc(configurationItems.name), asc(configurationItems.id))
		.limit(input.limit)
		.offset(input.offset);
	const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(configurationItems).where(cond);
	const ids = rows.map((r) => r.id);
	const idents = ids.length
		? await ctx.db.select().from(ciIdentities).where(inArray(ciIdentities.ciId, ids)).orderBy(ciIdentities.kind, ciIdentities.value)
		: [];
	return {
		items: rows.map((r) =>
			ciView(
				r,
				idents.filter((i) => i.ciId === r.id).map((i) => ({ kind: i.kind, value: i.value }) as IdentityInput)
			)
		),
		total: Number(n)
	};
}
