/**
 * Bulk actions from the queue (assign, set priority, close) with a result per row: each ticket is
 * its own command and transaction, so one conflict does not undo the others, and the page can
 * say which rows failed and why.
 */
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { tickets } from '../../../../schemas/postgres/index';
import { PRIORITIES } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { isDomainError, STATUS, type DomainError } from '../errors';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { actOnTicket } from './service';
import { updateTicket } from './edit';

export const bulkInput = z.discriminatedUnion(
	'op',
	[
		z.object({ op: z.literal('assign'), ids: z.array(z.uuid()).min(1).max(200), groupId: z.uuid().nullable().optional(), agentId: z.uuid().nullable().optional() }),
		z.object({ op: z.literal('priority'), ids: z.array(z.uuid()).min(1).max(200), priority: z.enum(PRIORITIES), reason: z.string().trim().min(1, 'is required').max(2000) }),
		z.object({ op: z.literal('close'), ids: z.array(z.uuid()).min(1).max(200), code: z.string().trim().min(1).max(100).default('closed_in_bulk') })
	],
	{ error: (iss) => (iss.code === 'invalid_union' ? 'must be one of assign, priority, close' : undefined) }
);

export interface BulkRowResult {
	id: string;
	ok: boolean;
	number?: string;
	version?: number;
	error?: { code: string; message: string; status: number };
}

export async function bulkAct(ctx: Ctx, raw: unknown, nowMs = Date.now()): Promise<{ results: BulkRowResult[]; ok: number; failed: number }> {
	authorize(ctx.actor, 'tickets.work');
	const input = parseInput(bulkInput, raw);
	const results: BulkRowResult[] = [];
	for (const id of [...new Set(input.ids)]) {
		try {
			let r;
			if (input.op === 'assign') r = await actOnTicket(ctx, id, { action: 'assign', groupId: input.groupId, agentId: input.agentId }, nowMs);
			else if (input.op === 'priority') r = await updateTicket(ctx, id, { priority: input.priority, priorityReason: input.reason }, nowMs);
			else {
				// Close: an open ticket is resolved first (with the code), a resolved one just closes.
				const [t] = await ctx.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, id));
				if (t && t.status !== 'resolved' && t.status !== 'closed') await actOnTicket(ctx, id, { action: 'resolve', code: input.code }, nowMs);
				r = await actOnTicket(ctx, id, { action: 'close' }, nowMs);
			}
			results.push({ id, ok: true, number: r.ticket.number, version: r.ticket.version });
		} catch (e) {
			if (!isDomainError(e)) throw e;
			const de = e as DomainError;
			results.push({ id, ok: false, error: { code: de.code, message: de.message, status: STATUS[de.code] } });
		}
	}
	return { results, ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}
