/**
 * The accept journal: webhooks answered once durable on disk, loaded into raw_alerts after, and
 * at boot whatever a dead process left is loaded exactly once (rows are keyed by id).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { rawAlerts } from '../../../schemas/postgres/index';
import { AcceptJournal, type JournalRow } from '../../../src/lib/server/monitoring/journal';
import type { FreshAlert } from '../../../src/lib/server/monitoring/process';
import { sha256 } from '../../../src/lib/server/rbac/password';
import { nagiosService } from '../../unit/ingest/factories';
import { alertEventsOf, makeSource, newIngest, raw, sourceTickets } from './helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-journal-'));
const files = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));

describe.each(DRIVERS)('accept journal on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => {
		await t?.close();
	});

	it('answers once journaled, loads and processes, answers a re-delivery with the first id, stores a malformed body with its event', async () => {
		const dir = tmp();
		const m = newIngest(t.db, { journalDir: dir });
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => s.send(nagiosService({ HOSTNAME: `j${i}`, SERVICEPROBLEMID: 100 + i }))));
		expect(answers.every((a) => a.status === 202 && !a.duplicate)).toBe(true);
		// Durable before the answer: every answered id is in the journal file already.
		const journaled = fs.readFileSync(path.join(dir, files(dir)[0]), 'utf8');
		for (const a of answers) expect(journaled).toContain(a.alertId!);
		const again = await s.send(nagiosService({ HOSTNAME: 'j0', SERVICEPROBLEMID: 100 }));
		expect(again).toMatchObject({ status: 202, alertId: answers[0].alertId, duplicate: true });
		const bad = await s.send(null, { raw: '{"NOTIFICATIONTYPE":"PROBLEM"}' });
		expect(bad.status).toBe(422);
		await m.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(40);
		for (const a of answers) expect((await raw(t.db, a.alertId!)).status).toBe('processed');
		const rows = await t.db.select().from(rawAlerts).where(eq(rawAlerts.sourceId, s.sourceId));
		expect(rows).toHaveLength(41);
		expect(rows.filter((r) => r.status === 'rejected')).toHaveLength(1);
		expect((await alertEventsOf(t.db, s.sourceId)).filter((e) => e.outcome === 'rejected')).toHaveLength(1);
		// Everything is loaded: closing the segment removes it.
		await m.journal!.shutdown();
		expect(files(dir)).toEqual([]);
	});

	it('past the in-memory bound, queued alerts are read back from the journal file and processed like the others', async () => {
		const dir = tmp();
		let open!: () => void;
		const opened = new Promise<void>((r) => (open = r));
		// Processing held until every webhook is answered, so the queue grows past the bound.
		const m = newIngest(t.db, { journalDir: dir, freshInMemoryMax: 5, gate: async () => (await opened, true) });
		const queued: FreshAlert[] = [];
		const enqueue = m.processor.enqueueFresh.bind(m.processor);
		m.processor.enqueueFresh = (items) => (queued.push(...items), enqueue(items));
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => s.send(nagiosService({ HOSTNAME: `spill${i}`, SERVICEPROBLEMID: 9000 + i }))));
		expect(answers.every((a) => a.status === 202 && !a.duplicate)).toBe(true);
		expect(queued.map((x) => x.id).sort()).toEqual(answers.map((a) => a.alertId).sort());
		expect(queued.filter((x) => x.inMemory)).toHaveLength(5);
		open();
		await m.idle();
		const made = await sourceTickets(t.db, s.sourceId);
		expect(made).toHaveLength(40);
		for (const [i, a] of answers.entries()) {
			const r = await raw(t.db, a.alertId!);
			expect(r.status).toBe('processed');
			expect(JSON.parse(r.body).HOSTNAME ?? JSON.parse(r.body).NAGIOS_HOSTNAME).toBe(`spill${i}`);
		}
		await m.journal!.shutdown();
		expect(files(dir)).toEqual([]);
	});

	it('a flood holds processing back only until the backlog is holdMaxMs old: then full batches, no more waiting', async () => {
		for (const holdMaxMs of [60_000, 0]) {
			let gateCalls = 0;
			// Accepting never quiet: a flood that does not end.
			const m = newIngest(t.db, { journalDir: tmp(), holdMaxMs, gate: async () => (gateCalls++, false) });
			const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
			const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => s.send(nagiosService({ HOSTNAME: `hold${holdMaxMs}-${i}`, SERVICEPROBLEMID: 7000 + i }))));
			await m.idle();
			for (const a of answers) expect((await raw(t.db, a.alertId!)).status).toBe('processed');
			// Held: every batch asked the gate (and got the small flood batch); overdue: none did.
			if (holdMaxMs) expect(gateCalls).toBeGreaterThanOrEqual(1);
			else expect(gateCalls).toBe(0);
			await m.journal!.shutdown();
		}
	});

	it('a busy estate is not a flood: after a few hundred webhooks, processing does not wait for a lull', async () => {
		const dir = tmp();
		const m = newIngest(t.db, { journalDir: dir, autoProcess: false });
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		// 300 within one busy-detection window: under ACCEPT_BUSY_RATE (1,000/s), however fast.
		for (let i = 0; i < 3; i++) {
			const answers = await Promise.all(Array.from({ length: 100 }, (_, k) => s.send(nagiosService({ HOSTNAME: `b${i}-${k}`, SERVICEPROBLEMID: 5000 + i * 100 + k }))));
			expect(answers.every((a) => a.status === 202)).toBe(true);
		}
		expect(m.acceptsBusy()).toBe(false);
		expect(await m.acceptsQuiet(0)).toBe(true);
		await m.idle();
		await m.journal!.shutdown();
	});

	it('a restart loads what a dead process journaled, once, skipping a torn last line', async () => {
		const dir = tmp();
		const m0 = newIngest(t.db, { autoProcess: false });
		const s = await makeSource(t.db, desk.admin, m0, { kind: 'nagios' });
		const row = (i: number): JournalRow => {
			const body = JSON.stringify(nagiosService({ HOSTNAME: `dead${i}`, SERVICEPROBLEMID: 900 + i }));
			return { id: randomUUID(), source_id: s.sourceId, received_at: new Date().toISOString(), content_type: 'application/json', body, body_hash: sha256(body), headers: {}, status: 'received', error: null, processed_at: null };
		};
		const rows = Array.from({ length: 25 }, (_, i) => row(i));
		// The dead process: 25 rows journaled and acknowledged, the first 5 also loaded before it died.
		const dead = new AcceptJournal(dir);
		await dead.append(rows);
		const loader = newIngest(t.db, { journalDir: tmp(), autoProcess: false });
		await (loader as unknown as { loadRows: (r: JournalRow[], e: unknown[]) => Promise<void> }).loadRows(rows.slice(0, 5), []);
		const name = files(dir)[0];
		fs.appendFileSync(path.join(dir, name), '{"id":"torn');

		const restarted = newIngest(t.db, { journalDir: dir });
		expect(await restarted.recover()).toBeGreaterThanOrEqual(25);
		expect(files(dir)).toEqual([]);
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(25);
		for (const r of rows) expect((await raw(t.db, r.id)).status).toBe('processed');
		// A second boot finds nothing more to do.
		expect(await newIngest(t.db, { journalDir: dir }).recover()).toBe(0);
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(25);
	});
	it('a poison line never stops recovery: it is stored made safe or quarantined with its reason, every other alert is ticketed once', async () => {
		const dir = tmp();
		const m0 = newIngest(t.db, { autoProcess: false });
		const s = await makeSource(t.db, desk.admin, m0, { kind: 'nagios' });
		const row = (i: number, over: Partial<JournalRow> = {}): JournalRow => {
			const body = JSON.stringify(nagiosService({ HOSTNAME: `poison${i}`, SERVICEPROBLEMID: 5000 + i }));
			return { id: randomUUID(), source_id: s.sourceId, received_at: new Date().toISOString(), content_type: 'application/json', body, body_hash: sha256(body), headers: {}, status: 'received', error: null, processed_at: null, ...over };
		};
		const before = Array.from({ length: 10 }, (_, i) => row(i));
		const after = Array.from({ length: 1100 }, (_, i) => row(100 + i)); // past one load group
		// What an older version journaled for a 422 whose body held "\ud800": the message quoted it.
		const poison = row(99, { status: 'rejected', body: '{"HOSTNAME":"\\ud800"}', error: 'NOTIFICATIONTYPE "\ud800" is not supported', processed_at: new Date().toISOString() });
		const dead = new AcceptJournal(dir);
		await dead.append(before);
		await dead.append([poison]);
		await dead.shutdown();
		const name = files(dir)[0];
		fs.appendFileSync(path.join(dir, name), '{"not":"a row"}\n}garbage{\n');
		await new AcceptJournal(dir).append(after); // a second segment behind the first
		expect(fs.readFileSync(path.join(dir, name), 'utf8')).toContain('\\ud800'); // the lone surrogate, escaped, as written

		const restarted = newIngest(t.db, { journalDir: dir });
		expect(await restarted.recover()).toBeGreaterThanOrEqual(1110);
		expect(files(dir)).toEqual([]);
		const tickets = await sourceTickets(t.db, s.sourceId);
		expect(tickets).toHaveLength(1110);
		for (const r of [...before, ...after.slice(0, 20), ...after.slice(-20)]) expect((await raw(t.db, r.id)).status).toBe('processed');
		// The poison row itself is stored as rejected, its message made storable.
		const p = await raw(t.db, poison.id);
		expect(p.status).toBe('rejected');
		expect(p.error).toContain('\uFFFD');
		// The two lines that are not rows are set aside with their reasons.
		const q = fs.readFileSync(path.join(dir, 'quarantine', name), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
		expect(q.map((x) => x.reason)).toEqual(['id is not a string', expect.stringMatching(/^not JSON/)]);
		expect(q.map((x) => x.line)).toEqual(['{"not":"a row"}', '}garbage{']);
		// A second boot finds nothing more to do.
		expect(await newIngest(t.db, { journalDir: dir }).recover()).toBe(0);
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(1110);
	}, 240_000);
});
