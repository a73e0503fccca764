/**
 * Which pages each account may open: the one table behind the menu (what a role sees) and the
 * page guards (what answers 403), so the two cannot disagree. Client-safe (no server imports):
 * permissions are the strings of src/lib/server/rbac/roles.ts.
 */
export interface PageAccess {
	/** The page's path (also the menu link). */
	href: string;
	/** The message key of its menu label (messages/*.json). */
	label: 'nav_tickets' | 'nav_dashboard' | 'nav_boards' | 'nav_monitoring' | 'nav_finance' | 'nav_staffing' | 'nav_cmdb';
	/** Any one of these permissions opens the page. */
	anyOf: string[];
}

export const PAGES: PageAccess[] = [
	{ href: '/tickets', label: 'nav_tickets', anyOf: ['tickets.read'] },
	{ href: '/dashboard', label: 'nav_dashboard', anyOf: ['kpi.read'] },
	{ href: '/boards', label: 'nav_boards', anyOf: ['boards.manage'] },
	{ href: '/monitoring', label: 'nav_monitoring', anyOf: ['monitoring.manage', 'monitoring.read'] },
	{ href: '/staffing', label: 'nav_staffing', anyOf: ['staffing.read'] },
	{ href: '/cmdb', label: 'nav_cmdb', anyOf: ['cmdb.read'] },
	{ href: '/finance', label: 'nav_finance', anyOf: ['finance.read'] }
];

export function pageFor(pathname: string): PageAccess | undefined {
	return PAGES.find((p) => pathname === p.href || pathname.startsWith(p.href + '/'));
}

export function mayOpen(permissions: Iterable<string>, href: string): boolean {
	const page = pageFor(href);
	if (!page) return true;
	const have = new Set(permissions);
	return page.anyOf.some((p) => have.has(p));
}

export function visiblePages(permissions: Iterable<string>): PageAccess[] {
	const have = [...permissions];
	return PAGES.filter((p) => mayOpen(have, p.href));
}

/**
 * Where `/` sends an account: its own start page (agent → queue, lead → staffing, finance →
 * finance, desk manager and admin → dashboard), else the first page it may open, else profile.
 */
export function startPage(roles: string[], permissions: Iterable<string>): string {
	const perms = [...permissions];
	const order: [string, string][] = [
		['admin', '/dashboard'],
		['desk_manager', '/dashboard'],
		['lead', '/staffing'],
		['finance', '/finance'],
		['agent', '/tickets'],
		['requester', '/tickets']
	];
	for (const [role, href] of order) if (roles.includes(role) && mayOpen(perms, href)) return href;
	return visiblePages(perms)[0]?.href ?? '/profile';
}
