/**
 * Where to go after signing in: a path on this site, never another origin (issue 18, Low: open
 * redirect). `/\example.org`, `//example.org`, `/\t/example.org` and `https:…` all resolve to
 * another origin under the URL parser browsers use, so the check is made by that parser, not by
 * looking at the first characters.
 */
const BASE = 'http://opshub.invalid';

export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/')) return '/';
	let u: URL;
	try {
		u = new URL(next, BASE);
	} catch {
		return '/';
	}
	if (u.origin !== BASE) return '/';
	const path = u.pathname + u.search + u.hash;
	// Belt and braces: the result itself must not be protocol-relative.
	return path.startsWith('//') || path.startsWith('/\\') ? '/' : path;
}
