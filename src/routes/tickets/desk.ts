/** Client helpers shared by the desk pages: view names, SLA texts, timeline labels. */
import { m } from '$lib/paraglide/messages';
import { ApiError } from '$lib/api';

/**
 * Uploads one file as the raw request body (streamed by the server). A content type is always
 * sent: SvelteKit reads no body without one, and a browser leaves it empty for unknown types
 * (the server sniffs the real type from the bytes anyway).
 */
export async function uploadFile(ticketId: string, file: File, params: Record<string, string> = {}): Promise<{ id: string }> {
	const qs = new URLSearchParams({ filename: file.name, ...params });
	const res = await fetch(`/api/tickets/${ticketId}/attachments?${qs}`, {
		method: 'POST',
		headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
		body: file
	});
	const body = await res.json().catch(() => null);
	if (!res.ok) {
		const e = body?.error;
		throw new ApiError(res.status, e?.code ?? 'INTERNAL', e?.message ?? res.statusText, e?.field ?? null, e ?? null);
	}
	return body;
}

export const VIEWS = ['mine', 'my_groups', 'unassigned', 'breaching', 'all_open', 'resolved'] as const;

export function viewLabel(v: string): string {
	switch (v) {
		case 'mine':
			return m.desk_view_mine();
		case 'my_groups':
			return m.desk_view_my_groups();
		case 'unassigned':
			return m.desk_view_unassigned();
		case 'breaching':
			return m.desk_view_breaching();
		case 'resolved':
			return m.desk_view_resolved();
		default:
			return m.desk_view_all_open();
	}
}

export interface SlaLike {
	remainingS: number;
	paused: boolean;
	done: boolean;
	met: boolean | null;
	level: string;
}

/** "2 h left", "overdue 5 min", "paused · 2 h left", "met", "missed". */
export function slaText(c: SlaLike, dur: (s: number) => string): string {
	if (c.done) return c.met === false ? m.desk_sla_missed() : m.desk_sla_met();
	const t = c.remainingS >= 0 ? m.desk_sla_left({ time: dur(c.remainingS) }) : m.desk_sla_overdue({ time: dur(-c.remainingS) });
	return c.paused ? m.desk_sla_paused({ text: t }) : t;
}
