// Issue 18 (K1, high 2): a malformed webhook must never make acknowledged alerts disappear after a
// crash. The built server (npx vite build first) takes a storm of webhooks and a 422 whose JSON
// holds a lone surrogate; the journal also holds a poison line as an older version wrote it (its
// message quoting the surrogate). kill -9 right after the acknowledgements, restart on the same
// DATA_DIR: every acknowledged alert is ticketed exactly once, the poison does not stop recovery.
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { nagiosService } from '../unit/ingest/factories';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const N = 300;

describe('kill -9 with a poison line in the journal', () => {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-poison-'));
	let s: RunningServer | null = null;
	afterAll(async () => {
		await s?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('every acknowledged alert is ticketed exactly once after the restart', async () => {
		s = await startServer({ ...ADMIN, DATA_DIR: dataDir });
		let cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const reg = await fetch(`${s.url}/api/monitoring/sources`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'nagios', name: 'nagios-poison' })
		});
		const src = (await reg.json()) as { id: string; token: string };
		const post = (body: string) =>
			fetch(`${s!.url}/api/ingest/nagios`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${src.token}` }, body });

		// The poison first (a 422, journaled as rejected), then the storm behind it.
		const poison = await post('{"NOTIFICATIONTYPE":"\\ud800","HOSTNAME":"\\ud800"}');
		expect(poison.status).toBe(422);
		const acked: string[] = [];
		await Promise.all(
			Array.from({ length: N }, async (_, i) => {
				const host = `crash${i}`;
				const r = await post(JSON.stringify(nagiosService({ HOSTNAME: host, SERVICEPROBLEMID: 70_000 + i })));
				if (r.status === 202) acked.push(host);
			})
		);
		expect(acked.length).toBe(N);
		// A line as an older version journaled it for such a 422 (the message quoting "\ud800").
		const journal = path.join(dataDir, 'monitoring-journal');
		const body = '{"NOTIFICATIONTYPE":"\\ud800"}';
		const oldLine = JSON.stringify({ id: randomUUID(), source_id: src.id, received_at: new Date().toISOString(), content_type: 'application/json', body, body_hash: 'x', headers: {}, status: 'rejected', error: 'NOTIFICATIONTYPE "\ud800" is not supported', processed_at: new Date().toISOString() });
		expect(oldLine).toContain('\\ud800');
		fs.writeFileSync(path.join(journal, '000000000000001-1-0.jsonl'), `${oldLine}\n}not json{\n`);

		const exited = new Promise((r) => s!.proc.once('exit', r));
		s.proc.kill('SIGKILL');
		await exited;

		s = await startServer({ ...ADMIN, DATA_DIR: dataDir });
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const perHost = new Map<string, number>();
		for (let t = 0; t < 240; t++) {
			const r = await fetch(`${s.url}/api/tickets?channel=monitoring&source=${src.id}&limit=500`, { headers: { cookie } });
			const list = (await r.json()) as { items: { title: string }[] };
			perHost.clear();
			for (const it of list.items) {
				const host = /^(crash\d+) /.exec(it.title)?.[1];
				if (host) perHost.set(host, (perHost.get(host) ?? 0) + 1);
			}
			if (perHost.size >= N) break;
			await new Promise((res) => setTimeout(res, 500));
		}
		expect(acked.filter((h) => perHost.get(h) !== 1)).toEqual([]);
		// Nothing left in the journal but the quarantine, which holds the line that is not a row.
		const left = fs.readdirSync(journal).filter((f) => f.endsWith('.jsonl'));
		expect(left.every((f) => !f.startsWith('000000000000001'))).toBe(true);
		const q = fs.readFileSync(path.join(journal, 'quarantine', '000000000000001-1-0.jsonl'), 'utf8');
		expect(q).toContain('not JSON');
	}, 300_000);
});
