import { z } from 'zod';

/** Source kinds the normaliser understands; one file per format beside this one. */
export const KINDS = [
	'nagios',
	'icinga',
	'solarwinds',
	'alertmanager',
	'grafana',
	'zabbix',
	'generic'
] as const;
export type Kind = (typeof KINDS)[number];

export const ACTIONS = [
	'open',
	'update',
	'ack',
	'resolve',
	'flap_start',
	'flap_stop',
	'maint_start',
	'maint_end'
] as const;
export type Action = (typeof ACTIONS)[number];

/** Highest first. See README.md in this folder for the per-source mapping. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Caps on untrusted input; a body over them is rejected, never truncated silently. */
export const LIMITS = {
	/** Alertmanager/Grafana group at most this many alerts per webhook (and generic arrays). */
	maxAlerts: 1000,
	/** A nested JSON string (form field `payload`, `alerts`, `tags`...) larger than this is refused. */
	maxJsonStringChars: 5_000_000
} as const;

export interface NormalizedAlert {
	kind: Kind;
	/** Host the alert is about (node name, hostname, instance host...). */
	host: string;
	/** Service check / entity; null for host checks. */
	service: string | null;
	action: Action;
	severity: Severity;
	/** The sender's own state text (CRITICAL, firing, Serious, 1...). */
	state: string;
	/** Dedup key without the source prefix: the caller prefixes the source id. */
	dedupKey: string;
	text: string;
	author?: string;
	comment?: string;
	links: string[];
	/** ISO-8601 UTC, when the sender gave an unambiguous time. */
	occurredAt?: string;
	ip?: string;
	/** Hostnames, IPs, node names, instance labels usable to find the CMDB item. */
	identities: string[];
	/** Set when the alert must not open/resolve anything (e.g. SOFT state); the reason. */
	ignored?: string;
}

export const normalizedAlertSchema = z
	.object({
		kind: z.enum(KINDS),
		host: z.string().min(1),
		service: z.string().min(1).nullable(),
		action: z.enum(ACTIONS),
		severity: z.enum(SEVERITIES),
		state: z.string(),
		dedupKey: z.string().min(1),
		text: z.string(),
		author: z.string().min(1).optional(),
		comment: z.string().min(1).optional(),
		links: z.array(z.string()),
		occurredAt: z.iso.datetime().optional(),
		ip: z.string().min(1).optional(),
		identities: z.array(z.string().min(1)),
		ignored: z.string().min(1).optional()
	})
	.strict();

export type NormalizeProblem = 'missing' | 'invalid' | 'unsupported' | 'too_large';

/**
 * The only error normalize() throws. `field` names the offending field (a path like
 * `alerts[3].fingerprint`, or `body` for the whole thing); `missing` is true when the
 * field was absent rather than wrong. Routes map it to 400/422 with `message`.
 */
export class NormalizeError extends Error {
	readonly code = 'INVALID' as const;
	readonly kind: string;
	readonly field: string;
	readonly problem: NormalizeProblem;

	constructor(kind: string, field: string, problem: NormalizeProblem, message: string) {
		super(`${kind}: ${message}`);
		this.name = 'NormalizeError';
		this.kind = kind;
		this.field = field;
		this.problem = problem;
	}

	get missing(): boolean {
		return this.problem === 'missing';
	}
}
