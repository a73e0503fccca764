/**
 * Which language a request is answered in. Pure (no I/O) so the rule is tested on its own:
 * the signed-in account's saved preference → the `opshub_locale` cookie → Accept-Language → en.
 */
export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'en';
/** The cookie that remembers a choice made before signing in (or by an account with none saved). */
export const LOCALE_COOKIE = 'opshub_locale';

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français' };

export function isLocale(v: unknown): v is Locale {
	return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Accept-Language ranges in preference order (q desc, then header order); malformed parts skipped. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
	if (!header) return [];
	const parts: { tag: string; q: number; i: number }[] = [];
	header
		.slice(0, 1000)
		.split(',')
		.forEach((raw, i) => {
			const [tagPart, ...params] = raw.trim().split(';');
			const tag = tagPart.trim().toLowerCase();
			if (!/^([a-z]{1,8}(-[a-z0-9]{1,8})*|\*)$/.test(tag)) return;
			let q = 1;
			for (const p of params) {
				const m = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/.exec(p);
				if (m) q = Number(m[1]);
			}
			if (q > 0) parts.push({ tag, q, i });
		});
	return parts.sort((a, b) => b.q - a.q || a.i - b.i).map((p) => p.tag);
}

/** The first supported language among Accept-Language ranges (`fr-CA` → fr), or null. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
	for (const tag of parseAcceptLanguage(header)) {
		const primary = tag.split('-')[0];
		if (isLocale(primary)) return primary;
	}
	return null;
}

export function pickLocale(input: {
	saved?: string | null;
	cookie?: string | null;
	acceptLanguage?: string | null;
}): Locale {
	if (isLocale(input.saved)) return input.saved;
	if (isLocale(input.cookie)) return input.cookie;
	return localeFromAcceptLanguage(input.acceptLanguage) ?? BASE_LOCALE;
}
