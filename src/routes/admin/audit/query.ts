/** The audit viewer's filters → the API's query (the page, its paging links and its CSV link share it). */
export const FILTERS = ['actor', 'entityType', 'action', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof FILTERS)[number], string>>;
export const PAGE_SIZE = 50;
/** The CSV holds up to this many rows (the API's limit). */
export const CSV_LIMIT = 5000;

/** The page's dates are whole UTC days, both ends included: `to` becomes the next day (the API's end is exclusive). */
export function auditQuery(f: AuditFilters): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(f)) if (v && v.trim()) out[k] = v.trim();
	if (out.to && /^\d{4}-\d{2}-\d{2}$/.test(out.to)) {
		const d = new Date(`${out.to}T00:00:00Z`);
		if (!Number.isNaN(d.getTime())) out.to = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
	}
	return out;
}

/** A link to the viewer with these filters (and a keyset cursor). */
export function viewerHref(f: AuditFilters, before?: number | null): string {
	const q = new URLSearchParams();
	for (const k of FILTERS) if (f[k]) q.set(k, f[k]!);
	if (before) q.set('before', String(before));
	const s = q.toString();
	return s ? `?${s}` : '?';
}

export function csvHref(f: AuditFilters): string {
	return `/api/audit?${new URLSearchParams({ ...auditQuery(f), format: 'csv', limit: String(CSV_LIMIT) })}`;
}
