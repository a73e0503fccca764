/** Boards (editable by desk managers) and display tokens (read-only kiosk access to a board set). */
import { z } from 'zod';
import { and, asc, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
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

/** A board as its editor sends it, validated: the fields' rules, unique tile ids, metric values. */
export function validateBoard(raw: unknown): Board {
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
	return b;
}

export async function saveBoard(ctx: Ctx, raw: unknown): Promise<Board> {
	const actor = authorize(ctx.actor, 'boards.manage');
	const b = validateBoard(raw);
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
		const [row] = await tx
			.insert(displayTokens)
			.values({ name: input.name, tokenHash: sha256(token), token, boardIds: input.boardIds })
			.returning({ id: displayTokens.id, createdAt: displayTokens.createdAt });
		await audit(tx, actor, { action: 'display_token.created', entityType: 'display_token', entityId: row.id, after: input });
		const view: DisplayTokenView & { token: string } = { id: row.id, token, name: input.name, boardIds: input.boardIds, createdAt: row.createdAt.toISOString(), lastSeenAt: null };
		return view;
	});
}

export interface DisplayTokenView {
	id: string;
	name: string;
	boardIds: string[];
	createdAt: string;
	lastSeenAt: string | null;
	/** The token (the wall URL's ?token=); null for tokens from before migration 0014 (shown once). */
	token: string | null;
}

/** Live (not revoked) display tokens, newest first: managers copy their wall URL from here. */
export async function listDisplayTokens(ctx: Ctx): Promise<DisplayTokenView[]> {
	authorize(ctx.actor, 'boards.manage');
	const rows = await ctx.db.select().from(displayTokens).where(isNull(displayTokens.revokedAt)).orderBy(desc(displayTokens.createdAt), asc(displayTokens.id));
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		boardIds: r.boardIds,
		createdAt: r.createdAt.toISOString(),
		lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
		token: r.token
	}));
}

/** last_seen_at is written at most once a minute per token. */
export const SEEN_EVERY_MS = 60_000;

/** Marks tokens (by hash) as seen now: the socket sweep's way to say an open wall is still there. */
export async function touchDisplayTokens(db: Db, hashes: string[], now = new Date()): Promise<void> {
	if (!hashes.length) return;
	await db
		.update(displayTokens)
		.set({ lastSeenAt: now })
		.where(
			and(
				inArray(displayTokens.tokenHash, hashes),
				isNull(displayTokens.revokedAt),
				or(isNull(displayTokens.lastSeenAt), lt(displayTokens.lastSeenAt, new Date(now.getTime() - SEEN_EVERY_MS)))
			)
		);
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
	if (!row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() >= SEEN_EVERY_MS) {
		await db.update(displayTokens).set({ lastSeenAt: new Date() }).where(eq(displayTokens.id, row.id));
	}
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
