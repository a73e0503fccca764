import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { addAttachment, openAttachment, listAttachments, downloadResponse, CHUNK_BYTES } from '../../src/lib/server/tickets/attachments';
import { updateDeskSettings } from '../../src/lib/server/tickets/settings';
import { getTicket } from '../../src/lib/server/tickets/query';
import { errorParts } from '../../src/lib/server/http';
import { rowsOf } from '../../src/lib/server/db/index';
import type { Actor } from '../../src/lib/server/rbac/actor';

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number };
	}
	throw new Error('expected an error');
}

/** A body delivered in pieces, as a request stream would. */
async function* pieces(buf: Uint8Array, size = 64 * 1024) {
	for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}
async function* explode(): AsyncGenerator<Uint8Array> {
	throw new Error('the body must not be read');
}
async function collect(it: AsyncGenerator<Uint8Array>) {
	const parts: Uint8Array[] = [];
	for await (const p of it) parts.push(p);
	return Buffer.concat(parts);
}

describe.each(DRIVERS)('attachments on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	let req: { db: TestDb['db']; actor: Actor };
	let ticketId: string;
	const counts = async () =>
		rowsOf<{ a: number; c: number }>(
			await t.db.execute(sql`select (select count(*)::int from ticket_attachments) as a, (select count(*)::int from ticket_attachment_chunks) as c`)
		)[0];

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		req = { db: t.db, actor: desk.requester };
		ticketId = (await createTicket(req, { title: 'Logs attached' })).ticket.id;
	});
	afterAll(async () => t?.close());

	it('stores a file in chunks with its SHA-256 and sniffed type, and streams it back', async () => {
		const text = Buffer.from('2026-03-02T10:00:00Z ERROR disk /var full\n'.repeat(60_000)); // ~2.5 MB
		const a = await addAttachment(agent, ticketId, { filename: 'sys log.txt' }, pieces(text));
		expect(a).toMatchObject({ contentType: 'text/plain', sizeBytes: text.length, public: true });
		expect(a.sha256).toBe(createHash('sha256').update(text).digest('hex'));
		expect((await counts()).c).toBe(Math.ceil(text.length / CHUNK_BYTES));
		const d = await openAttachment(agent, a.id);
		expect(Buffer.compare(await collect(d.chunks()), text)).toBe(0);
		expect(d.headers).toMatchObject({
			'content-type': 'text/plain; charset=utf-8',
			'content-disposition': `attachment; filename="sys log.txt"; filename*=UTF-8''sys%20log.txt`,
			'x-content-type-options': 'nosniff'
		});
		expect(d.headers['content-security-policy']).toContain("default-src 'none'");
		expect(d.headers['content-security-policy']).toContain('sandbox');
		const res = downloadResponse(await openAttachment(req, a.id));
		expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), text)).toBe(0);
		// The client's name says .png, the bytes say text: the bytes win, and no inline preview.
		const fake = await addAttachment(agent, ticketId, { filename: 'photo.png' }, pieces(Buffer.from('<html><script>alert(1)</script>')));
		expect(fake.contentType).toBe('text/html');
		expect((await openAttachment(agent, fake.id, { inline: true })).headers['content-disposition']).toMatch(/^attachment;/);
		const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
		const img = await addAttachment(agent, ticketId, { filename: 'screen.png' }, pieces(png));
		expect((await openAttachment(agent, img.id, { inline: true })).headers['content-disposition']).toMatch(/^inline;/);
	});

	it('refuses over the limit with 413 naming it, and stores nothing', async () => {
		await updateDeskSettings({ db: t.db, actor: desk.admin }, { attachmentMaxBytes: 100_000 });
		const before = await counts();
		const e = await err(addAttachment(agent, ticketId, { filename: 'big.log' }, pieces(Buffer.alloc(150_000, 65))));
		expect(e.status).toBe(413);
		const parts = errorParts(e);
		expect(parts.body.error).toMatchObject({ code: 'TOO_LARGE', limitBytes: 100_000 });
		expect(parts.body.error.message).toContain('100000 bytes');
		// A declared length over the limit is refused before a byte is read.
		expect((await err(addAttachment(agent, ticketId, { filename: 'big.log', declaredBytes: 200_000 }, explode()))).status).toBe(413);
		expect(await counts()).toEqual(before);
		await updateDeskSettings({ db: t.db, actor: desk.admin }, { attachmentMaxBytes: 25 * 1024 * 1024 });
	});

	it('refuses blocked types by extension and by content with 415, storing nothing', async () => {
		const before = await counts();
		expect((await err(addAttachment(agent, ticketId, { filename: 'setup.EXE' }, explode()))).status).toBe(415);
		const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(10_000, 0)]);
		const e = await err(addAttachment(agent, ticketId, { filename: 'report.txt' }, pieces(mz)));
		expect(e.status).toBe(415);
		expect(errorParts(e).body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', blocked: 'application/x-msdownload' });
		expect((await err(addAttachment(agent, ticketId, { filename: 'run.sh.txt' }, pieces(Buffer.from('#!/bin/sh\necho hi'))))).status).toBe(415);
		expect((await err(addAttachment(agent, ticketId, { filename: '../etc/passwd' }, pieces(Buffer.from('x'))))).field).toBe('filename');
		expect(await counts()).toEqual(before);
	});

	it('follows the ticket: internal-note files are the desk\'s, other people\'s tickets are invisible', async () => {
		const note = await actOnTicket(agent, ticketId, { action: 'comment', body: 'see trace', public: false });
		const a = await addAttachment(agent, ticketId, { filename: 'trace.txt', commentId: note.commentId }, pieces(Buffer.from('stack trace')));
		expect(a.public).toBe(false);
		expect((await err(openAttachment(req, a.id))).status).toBe(404);
		expect((await listAttachments(req, ticketId)).map((x) => x.id)).not.toContain(a.id);
		expect((await getTicket(req, ticketId)).attachments.map((x) => x.id)).not.toContain(a.id);
		expect((await listAttachments(agent, ticketId)).map((x) => x.id)).toContain(a.id);
		// A requester's own upload is public whatever they ask.
		const r = await addAttachment(req, ticketId, { filename: 'mine.txt', public: false }, pieces(Buffer.from('hello')));
		expect(r.public).toBe(true);
		const other = (await createTicket(agent, { title: 'Not yours' })).ticket.id;
		expect((await err(addAttachment(req, other, { filename: 'x.txt' }, pieces(Buffer.from('x'))))).status).toBe(404);
		const theirs = await addAttachment(agent, other, { filename: 'x.txt' }, pieces(Buffer.from('x')));
		expect((await err(openAttachment(req, theirs.id))).status).toBe(404);
	});
});
