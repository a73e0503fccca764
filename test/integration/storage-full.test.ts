// Issue 18 (K1, medium 12): a full disk answers 503 STORAGE_FULL (not 500) and health names the
// data directory. A real full file system: a 256 KB tmpfs, filled (needs root to mount; skipped
// with a note otherwise).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { makeSource, newIngest } from './monitoring/helpers';
import { nagiosService } from '../unit/ingest/factories';
import { errorParts } from '../../src/lib/server/http';
import { checkDataDir } from '../../src/lib/server/health';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-full-'));
let mounted = false;
try {
	execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
	mounted = true;
} catch {
	console.warn('[storage-full] cannot mount a tmpfs here (not root?): the full-disk test is skipped');
}

describe.skipIf(!mounted)('a full disk', () => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb('pglite');
		desk = await makeDesk(t.db);
	});
	afterAll(async () => {
		await t?.close();
		execFileSync('umount', ['-l', dir]); // lazy: a journal file may still be open
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('health names the data directory; a webhook answers 503 STORAGE_FULL, then 202 once there is room', async () => {
		const journal = path.join(dir, 'monitoring-journal');
		const m = newIngest(t.db, { journalDir: journal, journalSync: 'fdatasync' });
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		await expect(checkDataDir(dir)).resolves.toBeUndefined();
		const filler = path.join(dir, 'filler');
		const fd = fs.openSync(filler, 'w');
		try {
			for (;;) fs.writeSync(fd, Buffer.alloc(4096));
		} catch (e) {
			expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
		} finally {
			fs.closeSync(fd);
		}

		await expect(checkDataDir(dir)).rejects.toThrow(`storage full: no space left in ${dir}`);
		const err = await m.ingest({ kind: 'nagios', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify(nagiosService({ HOSTNAME: 'full-1' })) }).catch((e) => e);
		const { status, body, headers } = errorParts(err);
		expect(status).toBe(503);
		expect(body.error.code).toBe('STORAGE_FULL');
		expect(body.error.message).toMatch(/storage is full; nothing was stored/);
		expect(headers).toMatchObject({ 'retry-after': '60' });

		fs.rmSync(filler);
		await expect(checkDataDir(dir)).resolves.toBeUndefined();
		expect((await s.send(nagiosService({ HOSTNAME: 'full-2' }))).status).toBe(202);
		await m.idle();
		await m.journal?.shutdown();
	});
});
