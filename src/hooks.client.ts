/** In the browser the page's language is the one the server rendered into <html lang>. */
import { defineCustomClientStrategy } from '$lib/paraglide/runtime';

defineCustomClientStrategy('custom-opshub', {
	getLocale: () => document.documentElement.lang || undefined,
	setLocale: () => {}
});
