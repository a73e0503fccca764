import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Webhook senders post forms without an Origin header, so SvelteKit's check is off; the
		// handle hook checks Origin/Sec-Fetch-Site instead (src/lib/server/security/csrf.ts).
		csrf: { trustedOrigins: ['*'] }
	}
};
