/**
 * Translated names of the domain's fixed codes (roles, statuses, priorities, categories, tiers,
 * channels). The code stays the API value; only its label changes with the language.
 */
import { m } from '$lib/paraglide/messages';

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
