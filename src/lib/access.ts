/**
 * Which pages each account may open: the one table behind the menu (what a role sees) and the
 * page guards (what answers 403), so the two cannot disagree. Client-safe (no server imports):
 * permissions are the strings of src/lib/server/rbac/roles.ts.
 */
export interface PageAccess {
	/** The page's path (also the menu link). */
	href: string;
	/** The message key of its menu label (messages/*.json). */
	label: 'nav_tickets' | 'nav_dashboard' | 'nav_boards' | 'nav_monitoring' | 'nav_finance' | 'nav_staffing' | 'nav_cmdb' | 'adm_nav' | AdminLabel;
	/** Any one of these permissions opens the page. */
	anyOf: string[];
	/** false: not a menu entry of its own (an admin sub-page, reached from its index). */
	menu?: boolean;
}

type AdminLabel = 'adm_accounts' | 'adm_roles' | 'adm_departments' | 'adm_groups' | 'adm_sla' | 'adm_tokens' | 'adm_audit';

/**
 * The admin sub-pages, each behind its own permission; /admin itself (the one menu entry) opens
 * to whoever may open at least one of them and links those.
 */
export const ADMIN_PAGES: PageAccess[] = [
	{ href: '/admin/accounts', label: 'adm_accounts', anyOf: ['rbac.manage'], menu: false },
	{ href: '/admin/roles', label: 'adm_roles', anyOf: ['rbac.manage'], menu: false },
	{ href: '/admin/departments', label: 'adm_departments', anyOf: ['rbac.manage'], menu: false },
	{ href: '/admin/groups', label: 'adm_groups', anyOf: ['tickets.manage'], menu: false },
	{ href: '/admin/sla', label: 'adm_sla', anyOf: ['tickets.manage'], menu: false },
	{ href: '/admin/tokens', label: 'adm_tokens', anyOf: ['tokens.create', 'rbac.manage'], menu: false },
	{ href: '/admin/audit', label: 'adm_audit', anyOf: ['audit.read'], menu: false }
];

export const PAGES: PageAccess[] = [
	{ href: '/tickets', label: 'nav_tickets', anyOf: ['tickets.read'] },
	{ href: '/dashboard', label: 'nav_dashboard', anyOf: ['kpi.read'] },
	{ href: '/boards', label: 'nav_boards', anyOf: ['boards.manage'] },
	{ href: '/monitoring', label: 'nav_monitoring', anyOf: ['monitoring.manage', 'monitoring.read'] },
	{ href: '/staffing', label: 'nav_staffing', anyOf: ['staffing.read'] },
	{ href: '/cmdb', label: 'nav_cmdb', anyOf: ['cmdb.read'] },
	{ href: '/finance', label: 'nav_finance', anyOf: ['finance.read'] },
	// Every role holds tokens.create: its own tokens are linked from the profile page, so the Admin
	// entry is for those who may open a desk-wide admin page (accounts, groups, SLA, audit…).
	{ href: '/admin', label: 'adm_nav', anyOf: [...new Set(ADMIN_PAGES.flatMap((p) => p.anyOf))].filter((p) => p !== 'tokens.create') },
	...ADMIN_PAGES
];

/** The most specific entry for a path: /admin/tokens/x → /admin/tokens, not /admin. */
export function pageFor(pathname: string): PageAccess | undefined {
	let best: PageAccess | undefined;
	for (const p of PAGES) {
		if ((pathname === p.href || pathname.startsWith(p.href + '/')) && (!best || p.href.length > best.href.length)) best = p;
	}
	return best;
}

export function mayOpen(permissions: Iterable<string>, href: string): boolean {
	const page = pageFor(href);
	if (!page) return true;
	const have = new Set(permissions);
	return page.anyOf.some((p) => have.has(p));
}

/** The menu: the entries of their own (not the admin sub-pages) the account may open. */
export function visiblePages(permissions: Iterable<string>): PageAccess[] {
	const have = [...permissions];
	return PAGES.filter((p) => p.menu !== false && mayOpen(have, p.href));
}

/** The admin sub-pages the account may open (the /admin index links these). */
export function adminPages(permissions: Iterable<string>): PageAccess[] {
	const have = [...permissions];
	return ADMIN_PAGES.filter((p) => mayOpen(have, p.href));
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
