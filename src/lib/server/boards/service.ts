/** Boards (editable by desk managers) and display tokens (read-only kiosk access to a board set). */
import { z } from 'zod';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { boards, displayTokens } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize, type Actor } from '../rbac/actor';
import { notFound, invalid } from '../errors';
import { parseInput } from '../validate';
import { randomSecret, sha256 } from '../rbac/password';
import { boardSchema, DEFAULT_BOARDS, METRIC_VALUES, type Board } from './model';

const DISPLAY_PREFIX = 'ohd_';

export async function seedBoards(db: Db): Promise<void> {
	await db
		.insert(boards)
		.values(DEFAULT_BOARDS.map((b) => ({ id: b.id, name: b.name, tiles: b.tiles, filters: b.filters, rotateS: b.rotateS, position: b.position })))
		.onConflictDoNothing();
}

function toBoard(r: typeof boards.$inferSelect): Board {
	return { id: r.id, name: r.name, tiles: r.tiles as Board['tiles'], filters: r.filters as Board['filters'], rotateS: r.rotateS, position: r.position };
}

/** Boards the actor may see: all with kpi.read; a display token sees its own set. */
export async function listBoards(ctx: Ctx): Promise<Board[]> {
	const actor = ctx.actor;
	const rows = await ctx.db.select().from(boards).orderBy(asc(boards.position), asc(boards.id));
	if (actor?.kind === 'display') return rows.filter((r) => actor.boardIds?.includes(r.id)).map(toBoard);
	authorize(actor, 'kpi.read');
	return rows.map(toBoard);
}

export function canViewBoard(actor: Actor | null, boardId: string): boolean {
	if (!actor) return false;
	if (actor.kind === 'display') return !!actor.boardIds?.includes(boardId);
	return actor.permissions.has('kpi.read');
}

export async function getBoard(ctx: Ctx, id: string): Promise<Board> {
	if (!canViewBoard(ctx.actor, id)) {
		authorize(ctx.actor, 'kpi.read');
		throw notFound(`Board ${id}`);
	}
	const [r] = await ctx.db.select().from(boards).where(eq(boards.id, id));
	if (!r) throw notFound(`Board ${id}`);
	return toBoard(r);
}

export async function saveBoard(ctx: Ctx, raw: unknown): Promise<Board> {
	const actor = authorize(ctx.actor, 'boards.manage');
	const b = parseInput(boardSchema, raw);
	const ids = new Set<string>();
	for (const [i, t] of b.tiles.entries()) {
		if (ids.has(t.id)) throw invalid(`tiles.${i}.id: duplicate tile id "${t.id}"`, `tiles.${i}.id`);
		ids.add(t.id);
		if (t.kind === 'number' && !t.metric) throw invalid(`tiles.${i}.metric: a number tile needs a metric`, `tiles.${i}.metric`);
		if (t.kind === 'number' && t.metric && t.value !== undefined && !METRIC_VALUES[t.metric].includes(t.value)) {
			const offered = METRIC_VALUES[t.metric];
			throw invalid(`tiles.${i}.value: ${t.metric} offers ${offered.length ? offered.join(', ') : 'no values'}`, `tiles.${i}.value`);
		}
	}
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(boards).where(eq(boards.id, b.id));
		const values = { name: b.name, tiles: b.tiles, filters: b.filters, rotateS: b.rotateS, position: b.position, updatedAt: new Date() };
		await tx.insert(boards).values({ id: b.id, ...values }).onConflictDoUpdate({ target: boards.id, set: values });
		await audit(tx, actor, { action: before ? 'board.updated' : 'board.created', entityType: 'board', entityId: b.id, before, after: b });
		return b;
	});
}

const displayTokenInput = z.object({
	name: z.string().trim().min(1, 'is required').max(100),
	boardIds: z.array(z.string().min(1)).min(1, 'needs at least one board')
});

export async function createDisplayToken(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'boards.manage');
	const input = parseInput(displayTokenInput, raw);
	return ctx.db.transaction(async (tx) => {
		const known = new Set((await tx.select({ id: boards.id }).from(boards)).map((b) => b.id));
		const missing = input.boardIds.find((id) => !known.has(id));
		if (missing) throw invalid(`boardIds: board "${missing}" does not exist`, 'boardIds');
		const token = DISPLAY_PREFIX + randomSecret(24);
		const [row] = await tx.insert(displayTokens).values({ name: input.name, tokenHash: sha256(token), boardIds: input.boardIds }).returning({ id: displayTokens.id });
		await audit(tx, actor, { action: 'display_token.created', entityType: 'display_token', entityId: row.id, after: input });
		return { id: row.id, token, name: input.name, boardIds: input.boardIds };
	});
}

export async function revokeDisplayToken(ctx: Ctx, id: string) {
	const actor = authorize(ctx.actor, 'boards.manage');
	await ctx.db.transaction(async (tx) => {
		const rows = await tx.update(displayTokens).set({ revokedAt: new Date() }).where(and(eq(displayTokens.id, id), isNull(displayTokens.revokedAt))).returning({ id: displayTokens.id });
		if (!rows.length) throw notFound(`Display token ${id}`);
		await audit(tx, actor, { action: 'display_token.revoked', entityType: 'display_token', entityId: id });
	});
}

/** The read-only actor of a display token (kiosk): sees its boards, nothing else. */
export async function actorFromDisplayToken(db: Db, token: string | null | undefined): Promise<Actor | null> {
	if (!token || !token.startsWith(DISPLAY_PREFIX)) return null;
	const [row] = await db
		.select()
		.from(displayTokens)
		.where(and(eq(displayTokens.tokenHash, sha256(token)), isNull(displayTokens.revokedAt)));
	if (!row) return null;
	return {
		kind: 'display',
		accountId: null,
		label: `display ${row.name}`,
		roles: [],
		permissions: new Set(),
		tier: null,
		departmentId: null,
		boardIds: row.boardIds
	};
}
