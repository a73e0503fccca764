/** Admin pages' labels of server codes: permissions (the role matrix, token scopes), audit entity types. */
import { m } from '$lib/paraglide/messages';

const PERMISSION: Record<string, () => string> = {
	'tickets.read': m.adm_perm_tickets_read,
	'tickets.create': m.adm_perm_tickets_create,
	'tickets.work': m.adm_perm_tickets_work,
	'tickets.manage': m.adm_perm_tickets_manage,
	'kpi.read': m.adm_perm_kpi_read,
	'boards.manage': m.adm_perm_boards_manage,
	'staffing.read': m.adm_perm_staffing_read,
	'staffing.plan': m.adm_perm_staffing_plan,
	'finance.read': m.adm_perm_finance_read,
	'finance.run': m.adm_perm_finance_run,
	'cmdb.read': m.adm_perm_cmdb_read,
	'cmdb.write': m.adm_perm_cmdb_write,
	'changes.approve': m.adm_perm_changes_approve,
	'monitoring.manage': m.adm_perm_monitoring_manage,
	'monitoring.read': m.adm_perm_monitoring_read,
	'rbac.manage': m.adm_perm_rbac_manage,
	'tokens.create': m.adm_perm_tokens_create,
	'audit.read': m.adm_perm_audit_read,
	'finance.own': m.adm_perm_finance_own
};

/** A permission (or ownership scope) in the page's language; an unknown code as is. */
export const permissionLabel = (code: string) => PERMISSION[code]?.() ?? code;
