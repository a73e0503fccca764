// Paraglide's compile options, shared by vite (the app) and vitest (tests import messages).
// Strategy: 'custom-opshub' answers with the locale hooks.server.ts resolved for the request (account
// preference → cookie → Accept-Language → en, src/lib/i18n/locale.ts); in the browser it reads
// <html lang>, which the server rendered. The others are fallbacks for code outside a request.
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const PARAGLIDE = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['custom-opshub', 'cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'opshub_locale'
};
