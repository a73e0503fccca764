/**
 * The accept journal: where a webhook is made durable before its 2xx answer when the server runs
 * with a data directory. A group of accepted requests is one append of JSON lines, so accepting
 * never waits on the database. Sync 'fdatasync': the write and one fdatasync on libuv's thread
 * pool. Sync 'os': the write only, to the page cache, on the calling thread (a few µs, like
 * PGlite's own writes), answered at once: it survives the process dying, not the machine losing
 * power, the durability of the embedded PGlite, which never syncs its own files (a synced journal
 * line would outlive the row it becomes; see JournalSync). A loader then moves the rows into
 * raw_alerts in large groups (inserts keyed by the row id, so loading twice changes nothing) and
 * the processor takes them from there. A segment file is deleted once it is closed and all its rows are in raw_alerts; at
 * boot, every segment left on disk is loaded again (a crash loses nothing, doubles nothing).
 */
import fs from 'node:fs';
import path from 'node:path';

/** One accepted request as written: the raw_alerts row, column names as keys. */
export interface JournalRow {
	id: string;
	source_id: string;
	received_at: string;
	content_type: string;
	body: string;
	body_hash: string;
	headers: Record<string, string>;
	status: string;
	error: string | null;
	processed_at: string | null;
}

/**
 * How far an append goes before it resolves (the answer waits for it): 'fdatasync' to the disk
 * (survives power loss), 'os' to the kernel (survives the process: kill -9, a crash, an OOM kill).
 * The server picks the database's own guarantee (monitoring/index.ts): a journal stronger than
 * the database would protect an alert only until it is processed into a less durable store.
 */
export type JournalSync = 'fdatasync' | 'os';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a parsed journal line is not a row that can be loaded, or null. */
export function rowProblem(r: unknown): string | null {
	if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not a JSON object';
	const row = r as Record<string, unknown>;
	for (const k of ['id', 'source_id', 'received_at', 'content_type', 'body', 'body_hash', 'status'] as const) {
		if (typeof row[k] !== 'string') return `${k} is not a string`;
	}
	if (!UUID.test(row.id as string)) return 'id is not a uuid';
	if (!UUID.test(row.source_id as string)) return 'source_id is not a uuid';
	if (Number.isNaN(Date.parse(row.received_at as string))) return 'received_at is not a time';
	return null;
}

/** A row as one journal line (JSON never holds a raw newline: strings escape it). */
export const journalLine = (row: JournalRow): string => JSON.stringify(row);

interface Segment {
	name: string;
	fd: number | null;
	appended: number;
	loaded: number;
	/** Bytes written so far (where the next line starts). */
	bytes: number;
}

/** Where an append put its lines: the segment, its file, each line's byte offset and length in it. */
export interface Appended {
	segment: string;
	file: string;
	at: number[];
	bytes: number[];
}

/** One line back from a segment file (a queued alert that was not kept in memory). */
export function readJournalLine(file: string, at: number, bytes: number): string {
	const fd = fs.openSync(file, 'r');
	try {
		const buf = Buffer.allocUnsafe(bytes);
		let n = 0;
		while (n < bytes) {
			const got = fs.readSync(fd, buf, n, bytes - n, at + n);
			if (got === 0) throw new Error(`journal ${path.basename(file)}: line at ${at} is cut short`);
			n += got;
		}
		return buf.toString('utf8');
	} finally {
		fs.closeSync(fd);
	}
}

const write = (fd: number, buf: Buffer, off: number) =>
	new Promise<number>((resolve, reject) => fs.write(fd, buf, off, buf.length - off, null, (e, n) => (e ? reject(e) : resolve(n))));
const datasync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));

export class AcceptJournal {
	private current: Segment | null = null;
	private segments = new Map<string, Segment>();
	private chain: Promise<unknown> = Promise.resolve();
	private counter = 0;

	constructor(
		readonly dir: string,
		readonly segmentRows = 20_000,
		readonly sync: JournalSync = 'fdatasync'
	) {
		fs.mkdirSync(dir, { recursive: true });
	}

	/** Appends the rows (and syncs them, per `sync`); resolves with the segment name once durable. */
	append(rows: JournalRow[]): Promise<string> {
		return this.appendLines(rows.map(journalLine)).then((a) => a.segment);
	}

	/** append() of rows already written as lines (journalLine); says where each line went. */
	appendLines(lines: string[]): Promise<Appended> {
		const next = this.chain.then(() => this.appendNow(lines));
		this.chain = next.catch(() => {});
		return next;
	}

	private async appendNow(lines: string[]): Promise<Appended> {
		if (!this.current) {
			const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${this.counter++}.jsonl`;
			this.current = { name, fd: fs.openSync(path.join(this.dir, name), 'a'), appended: 0, loaded: 0, bytes: 0 };
			this.segments.set(name, this.current);
		}
		const seg = this.current;
		const buf = Buffer.from(lines.join('\n') + '\n', 'utf8');
		try {
			if (this.sync === 'fdatasync') {
				for (let off = 0; off < buf.length; ) off += await write(seg.fd!, buf, off);
				await datasync(seg.fd!);
			} else {
				// To the page cache only: a few µs, on this thread (like PGlite's own writes), so the
				// group is answered in this turn, not after a round trip through the thread pool.
				for (let off = 0; off < buf.length; ) off += fs.writeSync(seg.fd!, buf, off);
			}
		} catch (e) {
			// Part of it may be on disk: later appends go to a new segment, so offsets stay right.
			this.close(seg);
			throw e;
		}
		const at: number[] = [];
		const bytes: number[] = [];
		let pos = seg.bytes;
		for (const line of lines) {
			const n = Buffer.byteLength(line, 'utf8');
			at.push(pos);
			bytes.push(n);
			pos += n + 1;
		}
		seg.bytes += buf.length;
		seg.appended += lines.length;
		if (seg.appended >= this.segmentRows) this.close(seg);
		return { segment: seg.name, file: path.join(this.dir, seg.name), at, bytes };
	}

	private close(seg: Segment) {
		if (seg.fd !== null) fs.closeSync(seg.fd);
		seg.fd = null;
		if (this.current === seg) this.current = null;
		this.dropIfDone(seg);
	}

	private dropIfDone(seg: Segment) {
		if (seg.fd !== null || seg.loaded < seg.appended) return;
		fs.rmSync(path.join(this.dir, seg.name), { force: true });
		this.segments.delete(seg.name);
	}

	/** n rows of a segment are in raw_alerts now. */
	loaded(name: string, n: number) {
		const seg = this.segments.get(name);
		if (!seg) return;
		seg.loaded += n;
		this.dropIfDone(seg);
	}

	/** Rows journaled and not yet loaded. */
	get backlog(): number {
		let n = 0;
		for (const s of this.segments.values()) n += s.appended - s.loaded;
		return n;
	}

	/** Closes the open segment (shutdown); it stays on disk until its rows are loaded. */
	async shutdown(): Promise<void> {
		await this.chain;
		if (this.current) this.close(this.current);
	}

	/**
	 * Segments a previous process left (oldest first), with their rows. A torn last line (cut by
	 * the crash, never acknowledged) is skipped; any other line that is not a row is quarantined
	 * (quarantine()) and the rest is returned: one bad line never holds back the others.
	 */
	static leftovers(dir: string, except: Set<string> = new Set()): { file: string; rows: JournalRow[] }[] {
		if (!fs.existsSync(dir)) return [];
		return fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.jsonl') && !except.has(f))
			.sort()
			.map((f) => {
				const rows: JournalRow[] = [];
				const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
				lines.forEach((line, i) => {
					if (!line) return;
					let row: JournalRow;
					try {
						row = JSON.parse(line) as JournalRow;
					} catch (e) {
						// The last line without its newline was being written when the process died.
						if (i === lines.length - 1) return;
						return AcceptJournal.quarantine(dir, f, line, `not JSON: ${(e as Error).message}`);
					}
					const bad = rowProblem(row);
					if (bad) AcceptJournal.quarantine(dir, f, line, bad);
					else rows.push(row);
				});
				return { file: f, rows };
			});
	}

	/**
	 * Sets a journal line aside in `quarantine/<segment>` with the reason it could not be loaded,
	 * for an operator to look at: recovery goes on with every other line. Never throws.
	 */
	static quarantine(dir: string, segment: string, line: string, reason: string): void {
		try {
			const qdir = path.join(dir, 'quarantine');
			fs.mkdirSync(qdir, { recursive: true });
			fs.appendFileSync(path.join(qdir, segment), JSON.stringify({ at: new Date().toISOString(), reason, line }) + '\n');
			console.error(`[monitoring] journal ${segment}: a line was quarantined (${reason})`);
		} catch (e) {
			console.error(`[monitoring] journal ${segment}: a bad line could not be quarantined (${reason}):`, e);
		}
	}

	/** Names of this process's own segments (a replay leaves them to the live loader). */
	get own(): Set<string> {
		return new Set(this.segments.keys());
	}
}
