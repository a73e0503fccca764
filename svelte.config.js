import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Webhook senders and API clients post cross-origin; auth is by cookie (SameSite=Lax) or token.
		csrf: { trustedOrigins: ['*'] }
	}
};
