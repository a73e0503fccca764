import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Native addon and WASM data files break when bundled (STACK.md pitfall 2).
		external: ['chdb', '@electric-sql/pglite', 'pg', 'socket.io', 'highs']
	}
});
