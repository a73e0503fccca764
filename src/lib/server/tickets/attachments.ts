/**
 * Attachments: files on a ticket (on create, replies and notes), stored in Postgres in chunks.
 *
 * Upload: the body streams to a temporary file while it is hashed (SHA-256), counted and its head
 * sniffed; past the limit it stops at once (413 naming the limit), a blocked type or extension
 * stops it at once (415). Only a complete, accepted file is copied into the database, in one short
 * transaction, 1 MiB chunk by chunk: nothing is ever half-stored, nothing is held whole in memory,
 * and on PGlite (one connection) a slow client never holds the database while it uploads.
 * Download: chunk by chunk, one row at a time. Permissions follow the ticket; an attachment of an
 * internal note is internal (agents only).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { ticketAttachmentChunks, ticketAttachments, ticketComments, tickets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { authorize, type Actor } from '../rbac/actor';
import { parseInput } from '../validate';
import { loadDeskSettings } from './settings';
import { INLINE_IMAGE_TYPES, SNIFF_BYTES, sniffContentType } from './sniff';

export const CHUNK_BYTES = 1024 * 1024;

export const uploadMetaInput = z.object({
	filename: z
		.string({ error: 'is required' })
		.trim()
		.min(1, 'is required')
		.max(255, 'must be at most 255 characters')
		.refine((s) => !/[\u0000-\u001f/\\]/.test(s), 'must not contain slashes or control characters'),
	/** Agents may attach to an internal note (public: false); requesters' files are public. */
	public: z.boolean({ error: 'must be true or false' }).default(true),
	/** The comment the file belongs to (its visibility wins). */
	commentId: z.uuid('must be a UUID').nullable().optional(),
	/** Content-Length when the client sent one: an over-limit upload is refused before reading. */
	declaredBytes: z.number().int().min(0).nullable().optional()
});

export interface AttachmentView {
	id: string;
	ticketId: string;
	filename: string;
	contentType: string;
	sizeBytes: number;
	sha256: string;
	public: boolean;
	commentId: string | null;
	at: string;
}

/** What a client sees of an attachment row (its bytes are read apart, by openAttachment). */
function attachmentView(a: typeof ticketAttachments.$inferSelect): AttachmentView {
	return {
		id: a.id,
		ticketId: a.ticketId,
		filename: a.filename,
		contentType: a.contentType,
		sizeBytes: a.sizeBytes,
		sha256: a.sha256,
		public: a.public,
		commentId: a.commentId,
		at: a.at.toISOString()
	};
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(limit: number) {
	return new DomainError('TOO_LARGE', `Attachment exceeds the limit of ${mb(limit)} (${limit} bytes)`, 'file', undefined, { limitBytes: limit });
}
function blocked(what: string) {
	return new DomainError('UNSUPPORTED_MEDIA_TYPE', `Attachments of type ${what} are blocked`, 'file', undefined, { blocked: what });
}

/** The ticket if the actor may see it (agents: any; requesters: their own), else 404. */
async function visibleTicket(ctx: Ctx, actor: Actor, ticketId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(ticketId)) throw notFound(`Ticket ${ticketId}`);
	const [t] = await ctx.db.select({ id: tickets.id, requesterId: tickets.requesterId, number: tickets.number }).from(tickets).where(eq(tickets.id, ticketId));
	if (!t || (!actor.permissions.has('tickets.work') && t.requesterId !== actor.accountId)) throw notFound(`Ticket ${ticketId}`);
	return t;
}

export interface UploadOptions {
	tmpDir?: string;
	nowMs?: number;
}

export async function addAttachment(ctx: Ctx, ticketId: string, rawMeta: unknown, body: AsyncIterable<Uint8Array> | null, opts: UploadOptions = {}): Promise<AttachmentView> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const meta = parseInput(uploadMetaInput, rawMeta);
	const ticket = await visibleTicket(ctx, actor, ticketId);
	const agent = actor.permissions.has('tickets.work');
	let isPublic = agent ? meta.public : true;
	if (meta.commentId) {
		const [c] = await ctx.db
			.select({ public: ticketComments.public })
			.from(ticketComments)
			.where(and(eq(ticketComments.id, meta.commentId), eq(ticketComments.ticketId, ticket.id)));
		if (!c) throw invalid(`commentId: comment ${meta.commentId} is not on ticket ${ticket.number}`, 'commentId');
		isPublic = c.public;
	}
	const settings = await loadDeskSettings(ctx.db);
	const limit = settings.attachmentMaxBytes;
	const blockedList = new Set(settings.attachmentBlocked.map((s) => s.toLowerCase()));
	if (meta.declaredBytes != null && meta.declaredBytes > limit) throw tooLarge(limit);
	const ext = path.extname(meta.filename).toLowerCase();
	if (ext && blockedList.has(ext)) throw blocked(ext);
	if (!body) throw invalid('file: the request body is empty', 'file');

	const tmp = path.join(opts.tmpDir ?? os.tmpdir(), `opshub-upload-${randomUUID()}`);
	const out = fs.createWriteStream(tmp, { flags: 'wx' });
	const hash = createHash('sha256');
	let size = 0;
	let head = new Uint8Array(0);
	let contentType: string | null = null;
	const write = (chunk: Uint8Array) =>
		new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
	try {
		for await (const chunk of body) {
			size += chunk.byteLength;
			if (size > limit) throw tooLarge(limit);
			if (contentType === null) {
				const merged = new Uint8Array(head.length + chunk.byteLength);
				merged.set(head);
				merged.set(chunk, head.length);
				head = merged.subarray(0, Math.min(merged.length, SNIFF_BYTES));
				if (head.length >= SNIFF_BYTES) contentType = sniffContentType(head);
				if (contentType && blockedList.has(contentType)) throw blocked(contentType);
			}
			hash.update(chunk);
			await write(chunk);
		}
		await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
		if (size === 0) throw invalid('file: the file is empty', 'file');
		const ct: string = contentType ?? sniffContentType(head);
		if (blockedList.has(ct)) throw blocked(ct);

		const id = randomUUID();
		const sha256 = hash.digest('hex');
		const at = new Date(opts.nowMs ?? Date.now());
		await ctx.db.transaction(async (tx) => {
			await tx.insert(ticketAttachments).values({
				id,
				ticketId: ticket.id,
				public: isPublic,
				commentId: meta.commentId ?? null,
				filename: meta.filename,
				contentType: ct,
				sizeBytes: size,
				sha256,
				uploadedBy: actor.accountId,
				uploadedByLabel: actor.label,
				at
			});
			let seq = 0;
			for await (const piece of fs.createReadStream(tmp, { highWaterMark: CHUNK_BYTES })) {
				await tx.insert(ticketAttachmentChunks).values({ attachmentId: id, seq: seq++, data: piece as Buffer });
			}
		});
		return { id, ticketId: ticket.id, filename: meta.filename, contentType: ct, sizeBytes: size, sha256, public: isPublic, commentId: meta.commentId ?? null, at: at.toISOString() };
	} finally {
		out.destroy();
		await fs.promises.rm(tmp, { force: true });
	}
}

export interface AttachmentDownload {
	meta: AttachmentView;
	chunks: () => AsyncGenerator<Uint8Array>;
	/** Response headers: attachment (or inline for a safe image preview), nosniff, strict CSP. */
	headers: Record<string, string>;
}

function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
	const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function openAttachment(ctx: Ctx, id: string, { inline = false } = {}): Promise<AttachmentDownload> {
	const actor = authorize(ctx.actor, 'tickets.read');
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`Attachment ${id}`);
	const [a] = await ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.id, id));
	if (!a) throw notFound(`Attachment ${id}`);
	const agent = actor.permissions.has('tickets.work');
	if (!agent) {
		const [t] = await ctx.db.select({ requesterId: tickets.requesterId }).from(tickets).where(eq(tickets.id, a.ticketId));
		if (!t || t.requesterId !== actor.accountId || !a.public) throw notFound(`Attachment ${id}`);
	}
	const db = ctx.db;
	const preview = inline && INLINE_IMAGE_TYPES.has(a.contentType);
	return {
		meta: attachmentView(a),
		headers: {
			'content-type': a.contentType.startsWith('text/') ? `${a.contentType}; charset=utf-8` : a.contentType,
			'content-length': String(a.sizeBytes),
			'content-disposition': contentDisposition(preview ? 'inline' : 'attachment', a.filename),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
			'cache-control': 'private, no-store',
			'x-checksum-sha256': a.sha256
		},
		chunks: async function* () {
			for (let seq = 0; ; seq++) {
				const [c] = await db
					.select({ data: ticketAttachmentChunks.data })
					.from(ticketAttachmentChunks)
					.where(and(eq(ticketAttachmentChunks.attachmentId, a.id), eq(ticketAttachmentChunks.seq, seq)));
				if (!c) return;
				yield c.data instanceof Uint8Array ? c.data : Buffer.from(c.data);
			}
		}
	};
}

/** The HTTP response of a download: the chunks as a stream, pulled one row at a time. */
export function downloadResponse(d: AttachmentDownload): Response {
	const it = d.chunks();
	const stream = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { value, done } = await it.next();
			if (done) controller.close();
			else controller.enqueue(value);
		},
		async cancel() {
			await it.return(undefined);
		}
	});
	return new Response(stream, { status: 200, headers: d.headers });
}

export async function listAttachments(ctx: Ctx, ticketId: string): Promise<AttachmentView[]> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const t = await visibleTicket(ctx, actor, ticketId);
	const rows = await ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, t.id)).orderBy(ticketAttachments.at);
	return rows
		.filter((a) => a.public || actor.permissions.has('tickets.work'))
		.map(attachmentView);
}
