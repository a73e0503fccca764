import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';
import { PARAGLIDE } from './paraglide.config.js';

export default defineConfig({
	plugins: [paraglideVitePlugin(PARAGLIDE), sveltekit()],
	ssr: {
		// Native addon and WASM data files break when bundled (docs/STACK.md pitfall 2).
		external: ['chdb', '@electric-sql/pglite', 'pg', 'socket.io', 'highs']
	}
});
