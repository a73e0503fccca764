import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { PARAGLIDE } from './paraglide.config.js';

// pool 'forks': the threads pool segfaults once chDB is loaded (docs/STACK.md pitfall 6).
export default defineConfig({
	plugins: [paraglideVitePlugin(PARAGLIDE)],
	resolve: {
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	test: {
		pool: 'forks',
		include: ['test/**/*.test.ts'],
		globalSetup: ['test/setup/global.ts'],
		testTimeout: 60_000,
		hookTimeout: 240_000,
		fileParallelism: true,
		maxWorkers: 2
	}
});
