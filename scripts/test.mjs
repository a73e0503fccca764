// `npm test`: make sure the machine has what the suites use, sync SvelteKit types, build the app
// once (browser and HTTP tests run the real server), then every vitest suite. Database suites run
// on PGlite and on the PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawnSync } from 'node:child_process';

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

// Debian packages the tests need: chromium (browser tests), poppler-utils (pdftotext reads the
// finance PDF statements back). Installed when we can (root with apt-get, as .ci/run does);
// otherwise stop before running anything, with the exact command — never a half-run suite.
const missing = [];
if (!process.env.CHROMIUM_PATH && !has('chromium')) missing.push('chromium');
if (!has('pdftotext')) missing.push('poppler-utils');
if (missing.length) {
	const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (root && has('apt-get')) {
		console.log(`[test] installing ${missing.join(', ')}: ${cmd}`);
		run('sh', ['-c', cmd], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	} else {
		console.error(`[test] missing ${missing.join(', ')}. Install with:\n  sudo ${cmd}\nthen run npm test again.`);
		process.exit(1);
	}
}
run('npx', ['svelte-kit', 'sync']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
