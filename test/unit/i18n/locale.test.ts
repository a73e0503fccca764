import { describe, it, expect } from 'vitest';
import { pickLocale, parseAcceptLanguage, localeFromAcceptLanguage } from '../../../src/lib/i18n/locale';
import { PAGES, adminPages, mayOpen, pageFor, startPage, visiblePages } from '../../../src/lib/access';
import { ROLES } from '../../../src/lib/server/rbac/roles';
import { fmtMoney, fmtNumber, fmtDuration, fmtPct } from '../../../src/lib/format';

describe('which language a request gets', () => {
	it.each([
		[{ saved: 'es', cookie: 'fr', acceptLanguage: 'en' }, 'es'],
		[{ saved: null, cookie: 'fr', acceptLanguage: 'es' }, 'fr'],
		[{ saved: null, cookie: 'xx', acceptLanguage: 'es-ES,es;q=0.9' }, 'es'],
		[{ acceptLanguage: 'de-DE,fr-CA;q=0.8,en;q=0.5' }, 'fr'],
		[{ acceptLanguage: 'en;q=0.1, es;q=0.7' }, 'es'],
		[{ acceptLanguage: 'de, it' }, 'en'],
		[{ acceptLanguage: 'fr;q=0, es;q=0.2' }, 'es'],
		[{}, 'en'],
		[{ saved: 'klingon' }, 'en']
	])('%j → %s', (input, expected) => {
		expect(pickLocale(input)).toBe(expected);
	});
	it('orders Accept-Language by quality, then by position, and skips junk', () => {
		expect(parseAcceptLanguage('fr;q=0.5, es, en;q=0.9, !!bad, *;q=0.1')).toEqual(['es', 'en', 'fr', '*']);
		expect(localeFromAcceptLanguage(null)).toBeNull();
		expect(localeFromAcceptLanguage('x'.repeat(100_000))).toBeNull();
	});
});

describe('page access', () => {
	const perms = (role: string) => ROLES[role].permissions;
	it('each role lands on its own start page', () => {
		expect(startPage(['agent'], perms('agent'))).toBe('/tickets');
		expect(startPage(['lead', 'agent'], [...perms('lead'), ...perms('agent')])).toBe('/staffing');
		expect(startPage(['finance'], perms('finance'))).toBe('/finance');
		expect(startPage(['desk_manager'], perms('desk_manager'))).toBe('/dashboard');
		expect(startPage(['requester'], perms('requester'))).toBe('/tickets');
		expect(startPage([], [])).toBe('/profile');
	});
	it('the start page is always one the role may open', () => {
		for (const [role, r] of Object.entries(ROLES)) expect(mayOpen(r.permissions, startPage([role], r.permissions))).toBe(true);
	});
	it('finance sees finance and the dashboard, not tickets', () => {
		// Admin: finance holds audit.read and tokens.create (the audit log, its own API tokens).
		expect(visiblePages(perms('finance')).map((p) => p.href)).toEqual(['/dashboard', '/finance', '/admin']);
		expect(mayOpen(perms('finance'), '/tickets/T-1')).toBe(false);
		expect(PAGES.every((p) => mayOpen(perms('admin'), p.href))).toBe(true);
	});
	it('admin sub-pages: each behind its own permission, the most specific entry wins, one menu entry', () => {
		expect(pageFor('/admin/tokens/x')?.href).toBe('/admin/tokens');
		expect(pageFor('/admin')?.href).toBe('/admin');
		expect(pageFor('/administer')).toBeUndefined();
		expect(mayOpen(perms('requester'), '/admin/tokens')).toBe(true);
		expect(mayOpen(perms('requester'), '/admin/accounts')).toBe(false);
		// Requesters and agents reach their own tokens from the profile page, not an Admin menu.
		expect(mayOpen(perms('requester'), '/admin')).toBe(false);
		expect(visiblePages(perms('agent')).some((p) => p.href === '/admin')).toBe(false);
		expect(adminPages(perms('desk_manager')).map((p) => p.href)).toEqual(['/admin/groups', '/admin/sla', '/admin/tokens', '/admin/audit']);
		expect(visiblePages(perms('admin')).filter((p) => p.href.startsWith('/admin')).map((p) => p.href)).toEqual(['/admin']);
		expect(mayOpen([], '/admin')).toBe(false);
	});
});

describe('Intl formatting by locale', () => {
	it('numbers, money, percentages and durations follow the language', () => {
		expect(fmtNumber(1234567, 'en')).toBe('1,234,567');
		expect(fmtNumber(1234567, 'es')).toBe('1.234.567');
		expect(fmtNumber(1234567, 'fr').replace(/\s/g, ' ')).toBe('1 234 567');
		expect(fmtMoney(-96000, 'EUR', 'en')).toBe('-€960.00');
		expect(fmtMoney(123456, 'EUR', 'fr').replace(/\s/g, ' ')).toBe('1 234,56 €');
		expect(fmtMoney(123456, 'USD', 'es').replace(/\s/g, ' ')).toBe('1234,56 US$');
		expect(fmtPct(0.1234, 'fr').replace(/\s/g, ' ')).toBe('12,3 %');
		expect(fmtDuration(45, 'en')).toBe('45 sec');
		expect(fmtDuration(5400, 'fr').replace(/\s/g, ' ')).toBe('1,5 h');
		expect(fmtNumber(null, 'en')).toBe('—');
	});
});
