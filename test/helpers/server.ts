/** Starts the built app (server.ts) as a real process on a free port with its own data dir. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface RunningServer {
	url: string;
	dataDir: string;
	proc: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export async function startServer(env: Record<string, string> = {}, timeoutMs = 180_000): Promise<RunningServer> {
	const port = await freePort();
	const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-srv-'));
	let out = '';
	// OPSHUB_SERVER_NODE_ARGS: extra node flags for the server process (profiling: --cpu-prof …).
	const extra = (process.env.OPSHUB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const proc = spawn(process.execPath, [...extra, '--import', 'tsx', 'server.ts'], {
		env: { ...process.env, OPSHUB_DEMO: '0', ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const url = `http://127.0.0.1:${port}`;
	const started = Date.now();
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out}`);
		try {
			const r = await fetch(`${url}/api/health`);
			if (r.status === 200) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() - started > timeoutMs) {
			proc.kill('SIGKILL');
			throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		dataDir,
		proc,
		output: () => out,
		stop: async () => {
			if (proc.exitCode !== null) return;
			const exited = new Promise((r) => proc.once('exit', r));
			proc.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
			if (proc.exitCode === null) proc.kill('SIGKILL');
		}
	};
}

/** Signs in through the API and returns the session cookie header. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
	const r = await fetch(`${url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
	const cookie = r.headers.get('set-cookie') ?? '';
	return cookie.split(';')[0];
}
