/** Roles and permissions as data; seeded idempotently at boot. */
export const PERMISSIONS = {
	'tickets.read': 'Read tickets and their history',
	'tickets.create': 'Open tickets',
	'tickets.work': 'Work tickets: assign, comment, log work, resolve',
	'tickets.manage': 'Manage groups, SLA policies and calendars',
	'kpi.read': 'Read KPIs and dashboards',
	'boards.manage': 'Edit wall-screen boards and display tokens',
	'staffing.read': 'Read forecasts and staffing plans',
	'staffing.plan': 'Plan shifts and publish staffing plans',
	'finance.read': 'Read all chargeback statements and budgets',
	'finance.run': 'Run and close chargeback periods, edit rate cards and budgets',
	'cmdb.read': 'Read configuration items and changes',
	'cmdb.write': 'Create and edit configuration items and file changes',
	'changes.approve': 'Approve or reject change requests (CAB)',
	'monitoring.manage': 'Register monitoring sources and rotate their tokens',
	'monitoring.read': 'See monitoring sources (no secrets) and the alert noise view',
	'rbac.manage': 'Manage accounts, roles and departments',
	'tokens.create': 'Create personal API tokens',
	'audit.read': 'Read the audit log'
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/**
 * Token scopes for what an account may do by ownership rather than by role (issue 18, Medium 8).
 * A signed-in account always acts as owner; a token only when it carries the rule's scope, so a
 * token made to open tickets cannot read its owner's cost-center statement. Any account may grant
 * them: they give a token nothing its owner would not have.
 */
export const OWNERSHIP_SCOPES = {
	'finance.own': 'Read the chargeback statements of cost centers you own'
} as const;
export type OwnershipScope = keyof typeof OWNERSHIP_SCOPES;
export const ALL_OWNERSHIP_SCOPES = Object.keys(OWNERSHIP_SCOPES) as OwnershipScope[];

export const ROLES: Record<string, { description: string; permissions: Permission[] }> = {
	requester: {
		description: 'Opens and follows their own tickets',
		permissions: ['tickets.create', 'tickets.read', 'tokens.create']
	},
	agent: {
		description: 'Works tickets at their tier (L0–L3)',
		permissions: ['tickets.create', 'tickets.read', 'tickets.work', 'kpi.read', 'cmdb.read', 'tokens.create']
	},
	lead: {
		description: 'Leads a group: staffing, shifts, escalations',
		permissions: [
			'tickets.create',
			'tickets.read',
			'tickets.work',
			'kpi.read',
			'cmdb.read',
			'staffing.read',
			'staffing.plan',
			'changes.approve',
			'monitoring.read',
			'tokens.create'
		]
	},
	desk_manager: {
		description: 'Runs the desk: boards, SLA policies, KPIs',
		permissions: [
			'tickets.create',
			'tickets.read',
			'tickets.work',
			'tickets.manage',
			'kpi.read',
			'boards.manage',
			'staffing.read',
			'staffing.plan',
			'cmdb.read',
			'changes.approve',
			'audit.read',
			'monitoring.read',
			'tokens.create'
		]
	},
	finance: {
		description: 'Reviews budgets and chargeback',
		permissions: ['finance.read', 'finance.run', 'kpi.read', 'audit.read', 'tokens.create']
	},
	admin: {
		description: 'Everything',
		permissions: ALL_PERMISSIONS
	}
};

export const TIERS = ['L0', 'L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];
