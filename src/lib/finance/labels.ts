/** Finance codes as words in the page's language (client-safe). */
import { m } from '$lib/paraglide/messages';

const table = (fns: Record<string, () => string>) => (code: string | null | undefined) =>
	code === null || code === undefined ? '—' : (fns[code]?.() ?? code);

export const costKindLabel = table({
	tickets: m.fin_kind_tickets,
	labor: m.fin_kind_labor,
	ci: m.fin_kind_ci,
	services: m.fin_kind_services,
	overhead: m.fin_kind_overhead
});
export const rateKindLabel = table({
	ticket: m.fin_rate_ticket,
	agent_hour: m.fin_rate_agent_hour,
	ci_month: m.fin_rate_ci_month,
	service_fee: m.fin_rate_service_fee
});
export const poolRuleLabel = table({
	even: m.fin_rule_even,
	tickets: m.fin_rule_tickets,
	work_hours: m.fin_rule_work_hours,
	fixed_pct: m.fin_rule_fixed_pct
});
export const modeLabel = table({ showback: m.fin_mode_showback, chargeback: m.fin_mode_chargeback });
export const periodStatusLabel = table({ open: m.fin_status_open, closed: m.fin_status_closed, draft: m.fin_status_draft });

export const COST_KINDS = ['tickets', 'labor', 'ci', 'services', 'overhead'] as const;
export const POOL_RULES = ['even', 'tickets', 'work_hours', 'fixed_pct'] as const;
export const RATE_KINDS = ['ticket', 'agent_hour', 'ci_month', 'service_fee'] as const;

/** An amount typed in currency units ("12.5", "12,50") → integer cents; null when empty, NaN when not a number. */
export function toCents(v: string | number | null | undefined): number | null {
	if (v === null || v === undefined) return null;
	const s = String(v).trim().replace(/\s/g, '').replace(',', '.');
	if (s === '') return null;
	if (!/^-?\d+(\.\d{0,2})?$/.test(s)) return NaN;
	const [w, f = ''] = s.replace('-', '').split('.');
	const c = Number(w) * 100 + Number(f.padEnd(2, '0'));
	return s.startsWith('-') ? -c : c;
}

/** Cents as the plain decimal an input shows (1250 → "12.50"). */
export function fromCents(c: number | null | undefined): string {
	if (c === null || c === undefined) return '';
	const a = Math.abs(c);
	return `${c < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
