/**
 * Translated names of the domain's fixed codes (roles, statuses, priorities, categories, tiers,
 * channels). The code stays the API value; only its label changes with the language.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { fmtNumber } from '$lib/format';

const table = (fns: Record<string, () => string>) => (code: string | null | undefined) =>
	code === null || code === undefined ? '—' : (fns[code]?.() ?? code);

export const roleLabel = table({
	requester: m.role_requester,
	agent: m.role_agent,
	lead: m.role_lead,
	desk_manager: m.role_desk_manager,
	finance: m.role_finance,
	admin: m.role_admin
});

const byPrefix = (prefix: string) => (code: string | null | undefined) => {
	if (code === null || code === undefined || code === '') return '—';
	const fn = (m as unknown as Record<string, (() => string) | undefined>)[`${prefix}${code}`];
	return fn ? fn() : code;
};
export const priorityLabel = byPrefix('prio_');
export const categoryLabel = byPrefix('cat_');
export const statusLabel = byPrefix('status_');
export const channelLabel = byPrefix('chan_');
export const ticketTypeLabel = byPrefix('ttype_');
export const dimensionLabel = (d: string) => byPrefix('dim_')(d || 'none');
export const kpiLabel = byPrefix('kpi_');

/** The codes themselves have one home: the event schema (client-safe, no imports). */
export { PRIORITIES, CATEGORIES, TIERS, CHANNELS, STATUSES, TICKET_TYPES } from '../../../schemas/events';

// ---- CMDB and staffing pages (G1b): codes of src/lib/server/cmdb/schemas.ts and the staffing API.
/** “1 found” / “3 found” with the plural rule of the page's language (fr: 0 and 1 are singular). */
export function foundLabel(count: number, formatted: string): string {
	return new Intl.PluralRules(getLocale()).select(count) === 'one' ? m.cmdb_found_one({ count: formatted }) : m.cmdb_found_other({ count: formatted });
}
export const ciStatusLabel = table({
	planned: m.cmdb_status_planned,
	active: m.cmdb_status_active,
	maintenance: m.cmdb_status_maintenance,
	retired: m.cmdb_status_retired
});
const builtinClass = table({
	server: m.cmdb_class_server,
	virtual_machine: m.cmdb_class_virtual_machine,
	network_device: m.cmdb_class_network_device,
	storage: m.cmdb_class_storage,
	database: m.cmdb_class_database,
	application: m.cmdb_class_application,
	business_service: m.cmdb_class_business_service,
	workstation: m.cmdb_class_workstation,
	printer: m.cmdb_class_printer,
	other: m.cmdb_class_other
});
/** A built-in CI class in the page's language; a class an admin created keeps its own label. */
export const ciClassLabel = (id: string, fallback?: string) => {
	const t = builtinClass(id);
	return t === id ? (fallback ?? id) : t;
};
export const identityKindLabel = table({
	hostname: m.cmdb_identity_hostname,
	ip: m.cmdb_identity_ip,
	fqdn: m.cmdb_identity_fqdn,
	solarwinds_node: m.cmdb_identity_solarwinds_node,
	solarwinds_node_id: m.cmdb_identity_solarwinds_node_id,
	prometheus_instance: m.cmdb_identity_prometheus_instance
});
/** A relation type as the verb between two CIs (“A depends on B”). */
export const relationLabel = table({
	depends_on: m.cmdb_rel_depends_on,
	runs_on: m.cmdb_rel_runs_on,
	hosted_on: m.cmdb_rel_hosted_on,
	connected_to: m.cmdb_rel_connected_to,
	part_of: m.cmdb_rel_part_of
});
export const changeTypeLabel = table({ standard: m.cmdb_type_standard, normal: m.cmdb_type_normal, emergency: m.cmdb_type_emergency });
export const riskLabel = table({ low: m.cmdb_risk_low, medium: m.cmdb_risk_medium, high: m.cmdb_risk_high, very_high: m.cmdb_risk_very_high });
export const changeStateLabel = table({
	draft: m.cmdb_state_draft,
	submitted: m.cmdb_state_submitted,
	approved: m.cmdb_state_approved,
	rejected: m.cmdb_state_rejected,
	scheduled: m.cmdb_state_scheduled,
	implementing: m.cmdb_state_implementing,
	implemented: m.cmdb_state_implemented,
	reviewed: m.cmdb_state_reviewed,
	closed: m.cmdb_state_closed
});
export const changeActionLabel = table({
	submit: m.cmdb_action_submit,
	schedule: m.cmdb_action_schedule,
	implement: m.cmdb_action_implement,
	complete: m.cmdb_action_complete,
	review: m.cmdb_action_review,
	close: m.cmdb_action_close
});
/** Badge tone of a CI status or change state (the word is always shown too). */
export function stateTone(code: string | null | undefined): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
	switch (code) {
		case 'active':
		case 'approved':
		case 'implemented':
		case 'reviewed':
		case 'closed':
			return 'success';
		case 'maintenance':
		case 'submitted':
		case 'implementing':
			return 'warning';
		case 'retired':
		case 'rejected':
			return 'danger';
		case 'planned':
		case 'scheduled':
			return 'info';
		default:
			return 'neutral';
	}
}
export const ciAuditLabel = table({
	'ci.created': m.cmdb_audit_ci_created,
	'ci.updated': m.cmdb_audit_ci_updated,
	'ci.restored': m.cmdb_audit_ci_restored,
	'ci.imported': m.cmdb_audit_ci_imported,
	'ci.deleted': m.cmdb_audit_ci_deleted,
	'ci.identity_added': m.cmdb_audit_ci_identity_added,
	'ci.identity_removed': m.cmdb_audit_ci_identity_removed,
	'ci_relation.created': m.cmdb_audit_relation_created,
	'ci_relation.deleted': m.cmdb_audit_relation_deleted
});
export const staffChannelLabel = table({
	all: m.staff_channel_all,
	phone: m.staff_channel_phone,
	chat: m.staff_channel_chat,
	email: m.staff_channel_email,
	portal: m.staff_channel_portal,
	api: m.staff_channel_api,
	monitoring: m.staff_channel_monitoring
});
export const forecastMethodLabel = table({
	seasonalNaive: m.staff_method_seasonalNaive,
	weightedAverage: m.staff_method_weightedAverage,
	holtWintersAdditive: m.staff_method_holtWintersAdditive,
	holtWintersMultiplicative: m.staff_method_holtWintersMultiplicative,
	flatMean: m.staff_method_flatMean
});
export const ahtSourceLabel = table({ slot: m.staff_aht_slot, mean: m.staff_aht_mean, default: m.staff_aht_default, mixed: m.staff_aht_mixed });
export const solverStatusLabel = table({
	optimal: m.staff_solver_optimal,
	feasible: m.staff_solver_feasible,
	infeasible: m.staff_solver_infeasible
});
/** The default shift templates' names (src/lib/staffing/shiftTemplates.ts: “Night 00–08”…). */
export function shiftLabel(name: string): string {
	const hit = /^(Night|Early|Day|Mid|Late) (.+)$/.exec(name);
	if (!hit) return name;
	const hours = hit[2];
	const fn = { Night: m.staff_shift_night, Early: m.staff_shift_early, Day: m.staff_shift_day, Mid: m.staff_shift_mid, Late: m.staff_shift_late }[hit[1]]!;
	return fn({ hours });
}
/** The forecaster's notes (src/lib/server/staffing/forecast.ts) in the page's language; an unknown note is shown as sent. */
export function forecastNoteLabel(note: string): string {
	let hit = /^history covers (\d+) of the (\d+) intervals of one week/.exec(note);
	if (hit) return m.staff_note_short_history({ n: fmtNumber(Number(hit[1])), season: fmtNumber(Number(hit[2])) });
	if (note.startsWith('history too short to hold out')) return m.staff_note_no_backtest();
	hit = /^(\w+) needs (\d+) weeks of history, only ([\d.]+) available/.exec(note);
	if (hit) return m.staff_note_method_needs({ method: forecastMethodLabel(hit[1]), weeks: hit[2], available: fmtNumber(Number(hit[3]), undefined, 1) });
	if (note.startsWith('fell back to weightedAverage')) return m.staff_note_fell_back();
	if (note.startsWith('Holt-Winters not backtested')) return m.staff_note_hw();
	return note;
}
