/** The accept journal's files: durable appends, segment rotation, deletion once loaded, leftovers. */
import { describe, it, expect, vi, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AcceptJournal, journalLine, readJournalLine, type JournalRow } from '../../../src/lib/server/monitoring/journal';
import { journalSyncFor } from '../../../src/lib/server/monitoring/index';

const row = (i: number): JournalRow => ({
	id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
	source_id: '11111111-1111-4111-8111-111111111111',
	received_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
	content_type: 'application/json',
	body: JSON.stringify({ n: i, text: 'line\nbreak "quoted"' }),
	body_hash: `h${i}`,
	headers: {},
	status: 'received',
	error: null,
	processed_at: null
});
const files = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();

describe('AcceptJournal', () => {
	it('rotates full segments, deletes a segment once closed and loaded, and reads leftovers back intact', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-j-'));
		const j = new AcceptJournal(dir, 3);
		const a = await j.append([row(1), row(2)]);
		const b = await j.append([row(3)]); // fills the first segment (3 rows): it closes
		const c = await j.append([row(4), row(5)]);
		expect(a).toBe(b);
		expect(c).not.toBe(a);
		expect(files(dir)).toHaveLength(2);
		expect(j.backlog).toBe(5);
		// What a restart would read: every row, in order, bodies intact.
		const left = AcceptJournal.leftovers(dir);
		expect(left.flatMap((l) => l.rows)).toEqual([1, 2, 3, 4, 5].map(row));
		j.loaded(a, 2);
		expect(files(dir)).toHaveLength(2); // one row of the closed segment is not loaded yet
		j.loaded(a, 1);
		expect(files(dir)).toEqual([c]);
		j.loaded(c, 2);
		expect(files(dir)).toEqual([c]); // still open: it may take more rows
		expect(AcceptJournal.leftovers(dir, j.own)).toEqual([]); // a live process's own segments are not leftovers
		await j.shutdown();
		expect(files(dir)).toEqual([]);
		expect(j.backlog).toBe(0);
	});

	it('skips a torn last line (a write cut by a crash was never acknowledged)', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-j-'));
		const j = new AcceptJournal(dir);
		const seg = await j.append([row(7)]);
		fs.appendFileSync(path.join(dir, seg), '{"id":"0000');
		expect(AcceptJournal.leftovers(dir).flatMap((l) => l.rows)).toEqual([row(7)]);
	});

	it('says where each line went: read back at its byte offset, multi-byte text included, across appends', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-j-'));
		const j = new AcceptJournal(dir);
		const rows = [row(1), { ...row(2), body: 'Störung – 障害 🔥 "x"\n' }, row(3)];
		const a = await j.appendLines(rows.slice(0, 2).map(journalLine));
		const b = await j.appendLines(rows.slice(2).map(journalLine));
		expect(b.segment).toBe(a.segment);
		const back = [...a.at.map((at, i) => [a.file, at, i] as const), ...b.at.map((at, i) => [b.file, at, 2 + i] as const)].map(([file, at, i]) =>
			JSON.parse(readJournalLine(file, at, Buffer.byteLength(journalLine(rows[i]), 'utf8')))
		);
		expect(back).toEqual(rows);
		// The lengths it reports are the lines' UTF-8 byte lengths (what a spilled alert reads back).
		expect([...a.bytes, ...b.bytes]).toEqual(rows.map((r) => Buffer.byteLength(journalLine(r), 'utf8')));
		expect(() => readJournalLine(a.file, b.at[0], 10_000)).toThrow(/cut short/);
		await j.shutdown();
	});

	describe('sync', () => {
		afterEach(() => vi.restoreAllMocks());
		// The real fdatasync, counted: which appends wait for the disk.
		const counted = () => vi.spyOn(fs, 'fdatasync');

		it("'fdatasync' (the default) syncs every append before it resolves", async () => {
			const syncs = counted();
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-j-'));
			const j = new AcceptJournal(dir);
			await j.append([row(1)]);
			await j.append([row(2), row(3)]);
			expect(syncs).toHaveBeenCalledTimes(2);
			await j.shutdown();
		});

		it("'os' resolves once the kernel has the lines: no fdatasync, every line readable by another reader at once", async () => {
			const syncs = counted();
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-j-'));
			const j = new AcceptJournal(dir, 20_000, 'os');
			const lines = [row(1), row(2)].map(journalLine);
			const a = await j.appendLines(lines);
			// What a restarted process would read (the page cache outlives the process).
			expect(AcceptJournal.leftovers(dir).flatMap((l) => l.rows)).toEqual([row(1), row(2)]);
			expect(JSON.parse(readJournalLine(a.file, a.at[1], Buffer.byteLength(lines[1], 'utf8')))).toEqual(row(2));
			expect(syncs).not.toHaveBeenCalled();
			await j.shutdown();
		});
	});

	it('the server syncs as far as its database does: fdatasync on PostgreSQL, the kernel on PGlite, unless told', () => {
		expect(journalSyncFor('postgres', 'auto')).toBe('fdatasync');
		expect(journalSyncFor('pglite', 'auto')).toBe('os');
		expect(journalSyncFor('pglite', 'fdatasync')).toBe('fdatasync');
		expect(journalSyncFor('postgres', 'os')).toBe('os');
	});
});
