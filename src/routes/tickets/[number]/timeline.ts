/** Labels of the ticket page: actions and their shortcuts, fields, timeline entries. */
import { m } from '$lib/paraglide/messages';
import { fmtDuration } from '$lib/format';
import { statusLabel, categoryLabel, priorityLabel, ticketTypeLabel } from '$lib/i18n/labels';

export type DeskAction = 'assign' | 'start' | 'reply' | 'note' | 'log_work' | 'pend' | 'resume' | 'escalate' | 'resolve' | 'reopen' | 'close' | 'survey' | 'edit' | 'merge';

/** One key per action (no modifier; ignored while typing in a field). */
export const ACTION_KEYS: Record<DeskAction, string> = {
	assign: 'a',
	start: 's',
	reply: 'r',
	note: 'i',
	log_work: 'w',
	pend: 'p',
	resume: 'u',
	escalate: 'e',
	resolve: 'v',
	reopen: 'o',
	close: 'c',
	survey: 'y',
	edit: 'f',
	merge: 'm'
};

export function actionLabel(a: DeskAction): string {
	switch (a) {
		case 'assign':
			return m.desk_act_assign();
		case 'start':
			return m.desk_act_start();
		case 'reply':
			return m.desk_act_reply();
		case 'note':
			return m.desk_act_note();
		case 'log_work':
			return m.desk_act_log_work();
		case 'pend':
			return m.desk_act_pend();
		case 'resume':
			return m.desk_act_resume();
		case 'escalate':
			return m.desk_act_escalate();
		case 'resolve':
			return m.desk_act_resolve();
		case 'reopen':
			return m.desk_act_reopen();
		case 'close':
			return m.desk_act_close();
		case 'survey':
			return m.desk_act_survey();
		case 'edit':
			return m.desk_act_edit();
		case 'merge':
			return m.desk_act_merge();
	}
}

export function reasonText(r: { key: string; status?: string } | undefined): string {
	if (!r) return '';
	if (r.key === 'status') return m.desk_why_status({ status: statusLabel(r.status) });
	return m.desk_why_permission();
}

export function impactLabel(v: string | null | undefined): string {
	return v === 'high' ? m.desk_level_high() : v === 'medium' ? m.desk_level_medium() : v === 'low' ? m.desk_level_low() : '—';
}

export function fieldLabel(f: string): string {
	switch (f) {
		case 'title':
			return m.common_title();
		case 'status':
			return m.common_status();
		case 'priority':
			return m.tickets_priority();
		case 'category':
			return m.tickets_category();
		case 'type':
			return m.common_type();
		case 'tier':
			return m.tickets_tier();
		case 'groupId':
			return m.dim_group();
		case 'agentId':
			return m.desk_agent();
		case 'ciId':
			return m.desk_ci();
		case 'impact':
			return m.desk_impact();
		case 'urgency':
			return m.desk_urgency();
		case 'language':
			return m.desk_language();
		default:
			return f;
	}
}

function valueText(field: string, v: unknown): string {
	if (v === null || v === undefined || v === '') return '—';
	const s = String(v);
	if (field === 'status') return statusLabel(s);
	if (field === 'category') return categoryLabel(s);
	if (field === 'priority') return priorityLabel(s);
	if (field === 'type') return ticketTypeLabel(s);
	if (field === 'impact' || field === 'urgency') return impactLabel(s);
	if (field === 'groupId' || field === 'agentId' || field === 'ciId') return s.slice(0, 8);
	return s;
}

interface Item {
	type: string;
	details: Record<string, unknown>;
}

/** One line for a timeline entry (comments and attachments are drawn by the page). */
export function eventText(item: Item): string {
	const d = item.details;
	switch (item.type) {
		case 'ticket.created':
			return m.desk_ev_created();
		case 'ticket.assigned':
			return d.by === 'start' ? m.desk_ev_taken() : m.desk_ev_assigned();
		case 'ticket.status_changed':
			return m.desk_ev_status({ from: statusLabel(d.fromStatus as string), to: statusLabel(d.status as string) });
		case 'ticket.escalated':
			return d.kind === 'hierarchical'
				? m.desk_ev_escalated_hier({ reason: String(d.reason ?? '') })
				: m.desk_ev_escalated_func({ tier: String(d.toTier ?? ''), reason: String(d.reason ?? '') });
		case 'ticket.commented':
			if (d.call) {
				const call = d.call as { durationS: number };
				return m.desk_ev_call({ length: fmtDuration(call.durationS) });
			}
			return m.desk_ev_commented();
		case 'ticket.work_logged':
			return m.desk_ev_work({ time: fmtDuration(Number(d.workS ?? 0)) });
		case 'ticket.resolved':
			return m.desk_ev_resolved({ code: String(d.code ?? '') });
		case 'ticket.reopened':
			return m.desk_ev_reopened({ reason: String(d.reason ?? '') });
		case 'ticket.closed':
			return d.mergedInto ? m.desk_ev_closed_dup({ number: String(d.mergedInto) }) : m.desk_ev_closed();
		case 'ticket.updated': {
			if (d.merged) return m.desk_ev_merged({ number: String((d.merged as { from: string }).from) });
			const changes = (d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
			const parts = Object.entries(changes).map(([f, c]) => `${fieldLabel(f)}: ${valueText(f, c.from)} → ${valueText(f, c.to)}`);
			const text = m.desk_ev_updated({ changes: parts.join('; ') });
			return d.priorityReason ? `${text} (${d.priorityReason})` : text;
		}
		case 'sla.warning':
			return m.desk_ev_sla_warning({ clock: d.slaClock === 'response' ? m.desk_sla_response() : m.desk_sla_resolution(), pct: d.slaThreshold === 'warning75' ? '75' : '50' });
		case 'sla.breached':
			return m.desk_ev_sla_breached({ clock: d.slaClock === 'response' ? m.desk_sla_response() : m.desk_sla_resolution() });
		case 'survey.answered':
			return d.onBehalf ? m.desk_ev_survey_behalf({ score: String(d.csat ?? '') }) : m.desk_ev_survey({ score: String(d.csat ?? '') });
		default:
			return item.type;
	}
}
