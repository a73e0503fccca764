// `npm start`: build the app if there is no build (or it is older than the sources), then run
// server.ts. Demo data is on by default for a fresh embedded data dir unless OPSHUB_DEMO says no.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

const built = fs.existsSync('build/handler.js');
const stale = built && newestMtime('src') > fs.statSync('build/handler.js').mtimeMs;
if (!built || stale) {
	console.log(built ? '[opshub] sources changed: rebuilding…' : '[opshub] first start: building the app…');
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
const env = { ...process.env };
if (env.OPSHUB_DEMO === undefined) env.OPSHUB_DEMO = '1';
const child = spawn('npx', ['tsx', 'server.ts'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
