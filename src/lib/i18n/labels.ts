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
