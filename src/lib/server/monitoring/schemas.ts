/** Inputs of the monitoring verbs. */
import { z } from 'zod';
import { KINDS, SEVERITIES } from '../../../../ingest/normalize/index';
import { PRIORITIES } from '../../../../schemas/events';

export const RESOLVE_MODES = ['resolve', 'note'] as const;

export const registerSourceInput = z.object({
	kind: z.enum(KINDS, { error: `must be one of ${KINDS.join(', ')}` }),
	name: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
	hmacSecret: z.string().min(16, 'must be at least 16 characters').max(200).nullable().optional(),
	hmacWindowS: z.number().int().min(10, 'must be ≥ 10').max(86_400, 'must be ≤ 86400').default(300),
	rateLimitPerMin: z.number().int().min(1, 'must be ≥ 1').max(1_000_000, 'must be ≤ 1000000').default(600),
	defaultGroupId: z.uuid('must be a UUID').nullable().optional(),
	priorityMap: z.partialRecord(z.enum(SEVERITIES), z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(', ')}` })).default({}),
	resolveMode: z.enum(RESOLVE_MODES, { error: 'must be resolve or note' }).default('resolve')
});
export type RegisterSourceInput = z.input<typeof registerSourceInput>;

export const rotateTokenInput = z
	.object({
		/** How long the previous token keeps working (0 = revoke it now). */
		graceSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400)
	})
	.default({ graceSeconds: 86_400 });
