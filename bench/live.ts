/**
 * bench:live — 500 socket.io clients watch the "desk" board (display token) while tickets are
 * created through the API at 200/s; measures change → frame latency (p50/p95) at a sample of
 * clients and the server's CPU. Loopback only, bounded in time. Usage:
 *   npx tsx bench/live.ts [clients=500] [ratePerS=200] [seconds=20]
 */
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { startServer, signIn } from '../test/helpers/server';

const CLIENTS = Number(process.argv[2] ?? 500);
const RATE = Number(process.argv[3] ?? 200);
const SECONDS = Number(process.argv[4] ?? 20);
const SAMPLE = 25;

function cpuTicks(pid: number): number {
	const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
}
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

const s = await startServer({ OPSHUB_ADMIN_EMAIL: 'bench@example.com', OPSHUB_ADMIN_PASSWORD: 'bench-pass-123' });
try {
	const cookie = await signIn(s.url, 'bench@example.com', 'bench-pass-123');
	const tok = await (
		await fetch(`${s.url}/api/display-tokens`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'bench', boardIds: ['desk'] })
		})
	).json();

	// Connect the viewers.
	const sockets: Socket[] = [];
	const created: number[] = []; // send time of change i (by creation order)
	const latencies: number[] = [];
	let frames = 0;
	let deltas = 0;
	const seen = new Array(SAMPLE).fill(0);
	let baseline = -1;
	for (let i = 0; i < CLIENTS; i++) {
		const sock = io(s.url, { auth: { displayToken: tok.token }, transports: ['websocket'], forceNew: true });
		sockets.push(sock);
		const idx = i;
		sock.on('connect', () => sock.emit('board:join', 'desk', () => {}));
		// What this client shows: the last frame's count plus the deltas newer than that frame.
		let frameSeq = -1;
		let shown = 0;
		const observe = () => {
			if (idx >= SAMPLE || baseline < 0) return;
			const now = Date.now();
			const visible = shown - baseline; // changes 0..visible-1 are now on screen
			for (let c = seen[idx]; c < Math.min(visible, created.length); c++) latencies.push(now - created[c]);
			seen[idx] = Math.max(seen[idx], Math.min(visible, created.length));
		};
		sock.on('board:frame', (f: { seq: number; tiles: Record<string, { value?: number | null }> }) => {
			frames++;
			frameSeq = f.seq;
			shown = Number(f.tiles.volume?.value ?? 0);
			if (idx < SAMPLE && baseline < 0) baseline = shown;
			observe();
		});
		sock.on('board:delta', (d: { seq: number; createdToday: number }) => {
			deltas++;
			if (d.seq <= frameSeq) return;
			frameSeq = d.seq;
			shown += d.createdToday;
			observe();
		});
	}
	const t0 = Date.now();
	while (sockets.some((x) => !x.connected) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
	const connectMs = Date.now() - t0;
	await new Promise((r) => setTimeout(r, 3000)); // first frames, baseline
	baseline = -1;
	await new Promise((r) => setTimeout(r, 1500));

	// Changes at RATE/s for SECONDS.
	const cpu0 = cpuTicks(s.proc.pid!);
	const w0 = Date.now();
	let sent = 0;
	let failed = 0;
	const inflight: Promise<void>[] = [];
	while (Date.now() - w0 < SECONDS * 1000) {
		const due = Math.floor(((Date.now() - w0) / 1000) * RATE);
		while (sent < due) {
			sent++;
			inflight.push(
				fetch(`${s.url}/api/tickets`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json' },
					body: JSON.stringify({ title: `bench ${sent}`, priority: 'P3', category: 'software' })
				}).then(async (r) => {
					await r.arrayBuffer();
					if (r.status === 201) created.push(Date.now());
					else failed++;
				})
			);
		}
		await new Promise((r) => setTimeout(r, 5));
	}
	await Promise.all(inflight);
	const writeS = (Date.now() - w0) / 1000;
	await new Promise((r) => setTimeout(r, 4000)); // last frames
	const cpu1 = cpuTicks(s.proc.pid!);
	const cpuPct = ((cpu1 - cpu0) / 100 / ((Date.now() - w0) / 1000)) * 100;

	console.log(`clients ${CLIENTS} (connected in ${connectMs} ms), changes sent ${sent} over ${writeS.toFixed(1)} s (${(created.length / writeS).toFixed(0)}/s accepted, ${failed} failed)`);
	console.log(`frames delivered ${frames} (${(frames / CLIENTS).toFixed(1)} per client), deltas ${deltas} (${(deltas / CLIENTS).toFixed(1)} per client)`);
	console.log(`change → frame latency over ${latencies.length} samples (${SAMPLE} clients): p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${Math.max(...latencies)} ms`);
	console.log(`server CPU ${cpuPct.toFixed(0)}% of one core (2 cores on this machine)`);
	for (const x of sockets) x.close();
} finally {
	await s.stop();
}
