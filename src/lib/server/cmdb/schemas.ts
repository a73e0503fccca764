/** Inputs of the CMDB verbs. */
import { z } from 'zod';

export const CI_STATUSES = ['planned', 'active', 'maintenance', 'retired'] as const;
export type CiStatus = (typeof CI_STATUSES)[number];

export const IDENTITY_KINDS = [
	'hostname',
	'ip',
	'fqdn',
	'solarwinds_node',
	'solarwinds_node_id',
	'prometheus_instance'
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const RELATION_TYPES = ['depends_on', 'runs_on', 'hosted_on', 'connected_to', 'part_of'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const RISKS = ['low', 'medium', 'high', 'very_high'] as const;

export const CHANGE_STATES = [
	'draft',
	'submitted',
	'approved',
	'rejected',
	'scheduled',
	'implementing',
	'implemented',
	'reviewed',
	'closed'
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

const uuid = (what: string) => z.uuid(`must be a ${what} id`);
const attributes = z.record(z.string(), z.unknown());

export const identityInput = z.object({
	kind: z.enum(IDENTITY_KINDS),
	value: z.string().trim().min(1, 'is required').max(255)
});
export type IdentityInput = z.infer<typeof identityInput>;

export const createCiInput = z.object({
	name: z.string().trim().min(1, 'is required').max(200),
	classId: z.string().min(1, 'is required').max(63),
	status: z.enum(CI_STATUSES).default('active'),
	criticality: z.number().int().min(1).max(4).default(3),
	ownerGroupId: uuid('group').nullable().optional(),
	costCenterId: uuid('department').nullable().optional(),
	location: z.string().trim().max(200).nullable().optional(),
	attributes: attributes.default({}),
	identities: z.array(identityInput).max(50).default([])
});
export type CreateCiInput = z.input<typeof createCiInput>;

export const updateCiInput = z.object({
	id: uuid('configuration item'),
	name: z.string().trim().min(1, 'is required').max(200).optional(),
	status: z.enum(CI_STATUSES).optional(),
	criticality: z.number().int().min(1).max(4).optional(),
	ownerGroupId: uuid('group').nullable().optional(),
	costCenterId: uuid('department').nullable().optional(),
	location: z.string().trim().max(200).nullable().optional(),
	/** Replaces the attribute set. */
	attributes: attributes.optional(),
	/** Merged into the attribute set; a null value removes the key. */
	attributesPatch: attributes.optional()
});
export type UpdateCiInput = z.input<typeof updateCiInput>;

export const searchCiInput = z.object({
	q: z.string().trim().max(200).optional(),
	classId: z.string().max(63).optional(),
	status: z.enum(CI_STATUSES).optional(),
	limit: z.coerce.number().int().min(1).max(500).default(50),
	offset: z.coerce.number().int().min(0).default(0)
});

export const relationInput = z.object({
	fromCiId: uuid('configuration item'),
	toCiId: uuid('configuration item'),
	type: z.enum(RELATION_TYPES)
});

export const impactInput = z.object({
	ciId: uuid('configuration item'),
	direction: z.enum(['upstream', 'downstream']).default('upstream'),
	maxDepth: z.coerce.number().int().min(1).max(12).default(6)
});

export const ciPatch = z.object({
	status: z.enum(CI_STATUSES).optional(),
	attributes: attributes.optional()
});
export type CiPatch = z.infer<typeof ciPatch>;

export const approverInput = z.union([
	z.object({ accountId: uuid('account') }),
	z.object({ role: z.string().min(1).max(63) })
]);

export const createChangeInput = z
	.object({
		title: z.string().trim().min(1, 'is required').max(300),
		description: z.string().max(20_000).default(''),
		type: z.enum(CHANGE_TYPES),
		risk: z.enum(RISKS).default('medium'),
		plannedStart: z.coerce.date(),
		plannedEnd: z.coerce.date(),
		items: z
			.array(z.object({ ciId: uuid('configuration item'), patch: ciPatch.nullable().optional() }))
			.min(1, 'needs at least one configuration item')
			.max(500),
		approvers: z.array(approverInput).max(20).default([])
	})
	.refine((c) => c.plannedEnd > c.plannedStart, { message: 'must be after plannedStart', path: ['plannedEnd'] });
export type CreateChangeInput = z.input<typeof createChangeInput>;

export const decideChangeInput = z.object({
	changeId: uuid('change'),
	decision: z.enum(['approve', 'reject']),
	comment: z.string().trim().max(5000).default('')
});

export const CHANGE_ACTIONS = ['submit', 'schedule', 'implement', 'complete', 'review', 'close'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export const changeActionInput = z.object({
	changeId: uuid('change'),
	action: z.enum(CHANGE_ACTIONS)
});
