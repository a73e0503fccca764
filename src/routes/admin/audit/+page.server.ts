import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { auditEntityTypes, queryAuditLog } from '$lib/server/rbac/admin';
import { auditQuery, FILTERS, PAGE_SIZE } from './query';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = await pageCtx(locals);
	const filters = Object.fromEntries(FILTERS.map((k) => [k, url.searchParams.get(k) ?? '']));
	const before = url.searchParams.get('before') ?? '';
	const entityTypes = await auditEntityTypes(ctx);
	try {
		const out = await queryAuditLog(ctx, { ...auditQuery(filters), limit: PAGE_SIZE, before });
		return { filters, before, entityTypes, rows: out.rows, next: out.next, error: null, field: null };
	} catch (e) {
		if (!isDomainError(e) || e.code !== 'INVALID') throw e;
		return { filters, before, entityTypes, rows: [], next: null, error: e.message, field: e.field ?? null };
	}
});
