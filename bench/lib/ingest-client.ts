/**
 * The load client of bench:ingest: keep-alive node:http with a fixed number of requests in
 * flight, bounded in count and in time. One body per request index, so every request can carry
 * a distinct alert. Loopback only (the URL is built by the caller from 127.0.0.1).
 */
import http from 'node:http';

export interface Reply {
	status: number;
	body: string;
	ms: number;
}

export interface DriveOptions {
	url: string; // http://127.0.0.1:port/path
	headers?: Record<string, string>;
	body: (i: number) => string;
	concurrency: number;
	/** Stop starting new requests after this long. */
	durationMs: number;
	/** Stop after this many requests (bounded count). */
	maxRequests: number;
	/** Per-request timeout. */
	timeoutMs?: number;
	/** Called for every finished request (ok or not); status 0 = transport error. */
	onReply?: (i: number, r: Reply) => void;
	/** Paced: request i starts no earlier than i × paceMs after the start (a steady rate). */
	paceMs?: number;
	/** Polled between requests: true stops the loop early. */
	stop?: () => boolean;
}

export interface DriveResult {
	sent: number;
	ok: number; // 2xx
	statuses: Record<string, number>;
	latencies: number[]; // ms, 2xx only
	elapsedMs: number;
	firstStartMs: number; // performance.now() of the first request
}

export function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Reply> {
	const t0 = performance.now();
	const buf = Buffer.from(body, 'utf8');
	return new Promise((resolve) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname + url.search,
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': String(buf.length), ...headers },
				timeout: timeoutMs
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
				res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e) => resolve({ status: 0, body: String((e as Error).message), ms: performance.now() - t0 }));
		req.end(buf);
	});
}

export async function drive(o: DriveOptions): Promise<DriveResult> {
	const url = new URL(o.url);
	if (url.hostname !== '127.0.0.1') throw new Error(`loopback only: ${o.url}`);
	const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, keepAliveMsecs: 1000 });
	const res: DriveResult = { sent: 0, ok: 0, statuses: {}, latencies: [], elapsedMs: 0, firstStartMs: NaN };
	const t0 = performance.now();
	res.firstStartMs = t0;
	const deadline = t0 + o.durationMs;
	let next = 0;
	const worker = async () => {
		while (next < o.maxRequests && performance.now() < deadline && !o.stop?.()) {
			const i = next++;
			if (o.paceMs) {
				const due = t0 + i * o.paceMs - performance.now();
				if (due > 0) await new Promise((r) => setTimeout(r, due));
			}
			res.sent++;
			const r = await post(agent, url, o.headers ?? {}, o.body(i), o.timeoutMs ?? 30_000);
			res.statuses[r.status] = (res.statuses[r.status] ?? 0) + 1;
			if (r.status >= 200 && r.status < 300) {
				res.ok++;
				res.latencies.push(r.ms);
			}
			o.onReply?.(i, r);
		}
	};
	await Promise.all(Array.from({ length: o.concurrency }, worker));
	res.elapsedMs = performance.now() - t0;
	agent.destroy();
	return res;
}

/**
 * A plain node:http JSON endpoint in a child process: reads the body, JSON.parse, 202 + small JSON.
 * Under /durable/ the same endpoint first makes the body durable the way Opshub's journal does
 * (requests readable together form a group: one append + one fdatasync, answered once synced),
 * a reference for what durability alone costs on this machine; it is not the target's ceiling.
 */
export const CEILING_SOURCE = `
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const file = path.join(os.tmpdir(), 'opshub-bench-durable-' + process.pid + '.jsonl');
const fd = fs.openSync(file, 'a');
let pending = [];
let syncing = false;
let scheduled = false;
function answer(res) {
	const out = JSON.stringify({ alertId: randomUUID(), duplicate: false });
	res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
	res.end(out);
}
function pump() {
	if (scheduled || syncing || !pending.length) return;
	scheduled = true;
	setImmediate(() => {
		scheduled = false;
		if (syncing || !pending.length) return;
		const group = pending;
		pending = [];
		syncing = true;
		const buf = Buffer.from(group.map((g) => g.line).join('\\n') + '\\n');
		fs.write(fd, buf, 0, buf.length, null, (e) => {
			if (e) throw e;
			fs.fdatasync(fd, (e2) => {
				if (e2) throw e2;
				syncing = false;
				for (const g of group) answer(g.res);
				pump();
			});
		});
	});
}
const s = http.createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		const text = Buffer.concat(chunks).toString('utf8');
		try { JSON.parse(text); }
		catch { res.writeHead(400, { 'content-type': 'application/json' }); res.end('{"error":"bad json"}'); return; }
		if (!req.url.startsWith('/durable/')) return answer(res);
		pending.push({ res, line: JSON.stringify({ body: text }) });
		pump();
	});
});
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));
process.on('SIGTERM', () => { try { fs.unlinkSync(file); } catch {} process.exit(0); });
`;

/** One Alertmanager v4 webhook with one firing alert; `key` is both the host label and the fingerprint. */
export function amBody(key: string): string {
	return JSON.stringify({
		version: '4',
		groupKey: `{}:{alertname="BenchAlert",host="${key}"}`,
		truncatedAlerts: 0,
		status: 'firing',
		receiver: 'opshub',
		groupLabels: { alertname: 'BenchAlert' },
		commonLabels: { alertname: 'BenchAlert', job: 'bench', severity: 'major' },
		commonAnnotations: { summary: 'bench alert' },
		externalURL: 'http://alertmanager.invalid',
		alerts: [
			{
				status: 'firing',
				labels: { alertname: 'BenchAlert', job: 'bench', host: key, instance: `${key}:9100`, severity: 'major' },
				annotations: { summary: 'bench alert', description: `synthetic problem ${key}` },
				startsAt: new Date().toISOString(),
				endsAt: '0001-01-01T00:00:00Z',
				generatorURL: 'http://prometheus.invalid/graph',
				fingerprint: key
			}
		]
	});
}
