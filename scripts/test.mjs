// `npm test`: sync SvelteKit types, build the app once (browser and HTTP tests run the real
// server), then every vitest suite. Database suites run on PGlite and on the PostgreSQL at
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawnSync } from 'node:child_process';

function run(cmd, args) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
run('npx', ['svelte-kit', 'sync']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
