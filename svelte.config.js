import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Webhook senders post forms without an Origin header, so SvelteKit's check is off; the
		// handle hook checks Origin/Sec-Fetch-Site instead (src/lib/server/security/csrf.ts).
		csrf: { trustedOrigins: ['*'] },
		// Pages' Content-Security-Policy: SvelteKit hashes its inline bootstrap ('auto'), so scripts
		// need no 'unsafe-inline'; echarts draws on canvas; styles keep 'unsafe-inline' (Svelte and
		// echarts set style attributes). Other headers: src/lib/server/security/headers.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
