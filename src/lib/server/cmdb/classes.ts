/**
 * CI classes and their attribute specs. A spec is data (stored in ci_classes.attribute_spec) so
 * classes are extensible without code; the built-ins below are seeded at boot.
 */
import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { ciClasses } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { conflict, DomainError, unprocessable } from '../errors';
import { parseInput } from '../validate';

export const ATTRIBUTE_TYPES = ['string', 'integer', 'number', 'boolean', 'ip', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const attributeFieldSpec = z.object({
	type: z.enum(ATTRIBUTE_TYPES),
	required: z.boolean().optional(),
	enum: z.array(z.string()).min(1).optional(),
	min: z.number().optional(),
	max: z.number().optional(),
	description: z.string().optional()
});
export type AttributeFieldSpec = z.infer<typeof attributeFieldSpec>;

export const attributeSpec = z.object({
	fields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be snake_case'), attributeFieldSpec),
	/** When false (the default), attributes not listed in `fields` are rejected. */
	allowExtra: z.boolean().optional()
});
export type AttributeSpec = z.infer<typeof attributeSpec>;

const f = (type: AttributeType, extra: Partial<AttributeFieldSpec> = {}): AttributeFieldSpec => ({ type, ...extra });
const OS = ['linux', 'windows', 'aix', 'solaris', 'bsd', 'other'];

export const BUILTIN_CLASSES: Record<string, { label: string; spec: AttributeSpec }> = {
	server: {
		label: 'Server',
		spec: {
			fields: {
				os: f('string', { required: true, enum: OS }),
				os_version: f('string'),
				cpu_cores: f('integer', { min: 1 }),
				memory_gb: f('number', { min: 0 }),
				serial_number: f('string'),
				ip_address: f('ip')
			}
		}
	},
	virtual_machine: {
		label: 'Virtual machine',
		spec: {
			fields: {
				os: f('string', { required: true, enum: OS }),
				hypervisor: f('string', { enum: ['vmware', 'hyperv', 'kvm', 'xen', 'aws', 'azure', 'gcp', 'other'] }),
				cpu_cores: f('integer', { min: 1 }),
				memory_gb: f('number', { min: 0 }),
				ip_address: f('ip')
			}
		}
	},
	network_device: {
		label: 'Network device',
		spec: {
			fields: {
				device_type: f('string', { required: true, enum: ['router', 'switch', 'firewall', 'load_balancer', 'access_point', 'other'] }),
				vendor: f('string'),
				model: f('string'),
				ports: f('integer', { min: 0 }),
				management_ip: f('ip')
			}
		}
	},
	storage: {
		label: 'Storage',
		spec: {
			fields: {
				storage_type: f('string', { required: true, enum: ['san', 'nas', 'object', 'das', 'other'] }),
				capacity_tb: f('number', { min: 0 }),
				vendor: f('string')
			}
		}
	},
	database: {
		label: 'Database',
		spec: {
			fields: {
				engine: f('string', { required: true, enum: ['postgresql', 'mysql', 'oracle', 'sqlserver', 'mongodb', 'clickhouse', 'other'] }),
				version: f('string'),
				port: f('integer', { min: 1, max: 65535 })
			}
		}
	},
	application: {
		label: 'Application',
		spec: { fields: { version: f('string'), vendor: f('string'), url: f('string') } }
	},
	business_service: {
		label: 'Business service',
		spec: {
			fields: {
				service_level: f('string', { enum: ['gold', 'silver', 'bronze'] }),
				business_owner: f('string')
			}
		}
	},
	workstation: {
		label: 'Workstation',
		spec: {
			fields: {
				os: f('string', { enum: OS }),
				assigned_to: f('string'),
				serial_number: f('string')
			}
		}
	},
	printer: {
		label: 'Printer',
		spec: { fields: { model: f('string'), color: f('boolean'), ip_address: f('ip') } }
	},
	other: { label: 'Other', spec: { fields: {}, allowExtra: true } }
};

/** Makes the built-in classes match BUILTIN_CLASSES; idempotent, run at boot. */
export async function seedCmdb(db: Db): Promise<void> {
	await db
		.insert(ciClasses)
		.values(Object.entries(BUILTIN_CLASSES).map(([id, c]) => ({ id, label: c.label, attributeSpec: c.spec, builtin: true })))
		.onConflictDoUpdate({
			target: ciClasses.id,
			set: { label: sql`excluded.label`, attributeSpec: sql`excluded.attribute_spec`, builtin: sql`true` }
		});
}

export type Attributes = Record<string, string | number | boolean>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+(%\w+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why an attribute was refused, for pages that say it in their own language: the rule broken and
 * its parameter (the type, the allowed values, the bound). Sent as `error.rule` etc. in the 422.
 */
export type AttributeRule =
	| { rule: 'required' }
	| { rule: 'type'; type: AttributeType | 'scalar' }
	| { rule: 'enum'; values: string[] }
	| { rule: 'min'; limit: number }
	| { rule: 'max'; limit: number }
	| { rule: 'unknown' };

function fieldError(className: string, name: string, message: string, why: AttributeRule): never {
	throw new DomainError('UNPROCESSABLE', `attributes.${name}: ${message} (class ${className})`, `attributes.${name}`, undefined, why);
}

/**
 * Checks attributes against a class spec; throws 422 naming the first offending attribute.
 * Returns the attributes unchanged (no coercion: the CSV import coerces before calling this).
 */
export function validateAttributes(className: string, spec: AttributeSpec, raw: unknown): Attributes {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw unprocessable('attributes: must be an object', 'attributes');
	}
	const attrs = raw as Record<string, unknown>;
	for (const [name, field] of Object.entries(spec.fields)) {
		const v = attrs[name];
		if (v === undefined || v === null || v === '') {
			if (field.required) fieldError(className, name, 'is required', { rule: 'required' });
			continue;
		}
		switch (field.type) {
			case 'string':
				if (typeof v !== 'string') fieldError(className, name, 'must be a string', { rule: 'type', type: 'string' });
				break;
			case 'integer':
				if (typeof v !== 'number' || !Number.isInteger(v)) fieldError(className, name, 'must be an integer', { rule: 'type', type: 'integer' });
				break;
			case 'number':
				if (typeof v !== 'number' || !Number.isFinite(v)) fieldError(className, name, 'must be a number', { rule: 'type', type: 'number' });
				break;
			case 'boolean':
				if (typeof v !== 'boolean') fieldError(className, name, 'must be true or false', { rule: 'type', type: 'boolean' });
				break;
			case 'ip':
				if (typeof v !== 'string' || !(IPV4.test(v) || (v.includes(':') && IPV6.test(v))))
					fieldError(className, name, 'must be an IPv4 or IPv6 address', { rule: 'type', type: 'ip' });
				break;
			case 'date':
				if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v)))
					fieldError(className, name, 'must be a date YYYY-MM-DD', { rule: 'type', type: 'date' });
				break;
		}
		if (field.enum && !field.enum.includes(String(v))) {
			fieldError(className, name, `must be one of ${field.enum.join(', ')}`, { rule: 'enum', values: field.enum });
		}
		if (typeof v === 'number') {
			if (field.min !== undefined && v < field.min) fieldError(className, name, `must be ≥ ${field.min}`, { rule: 'min', limit: field.min });
			if (field.max !== undefined && v > field.max) fieldError(className, name, `must be ≤ ${field.max}`, { rule: 'max', limit: field.max });
		}
	}
	for (const [name, v] of Object.entries(attrs)) {
		if (!(name in spec.fields)) {
			if (!spec.allowExtra) fieldError(className, name, 'is not an attribute of this class', { rule: 'unknown' });
			if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
				fieldError(className, name, 'must be a string, number or boolean', { rule: 'type', type: 'scalar' });
		}
	}
	// Empty values are dropped so "unset" has one spelling.
	return Object.fromEntries(
		Object.entries(attrs).filter(([, v]) => v !== undefined && v !== null && v !== '')
	) as Attributes;
}

/** Coerces CSV text to the spec's type; leaves the value as text when it cannot (validation then names it). */
export function coerceAttribute(spec: AttributeSpec, name: string, text: string): unknown {
	const field = spec.fields[name];
	if (text === '') return undefined;
	if (!field) return text;
	switch (field.type) {
		case 'integer':
		case 'number': {
			const n = Number(text);
			return text.trim() !== '' && Number.isFinite(n) ? n : text;
		}
		case 'boolean': {
			const t = text.trim().toLowerCase();
			return ['true', 'yes', '1'].includes(t) ? true : ['false', 'no', '0'].includes(t) ? false : text;
		}
		default:
			return text;
	}
}

export interface CiClass {
	id: string;
	label: string;
	spec: AttributeSpec;
	builtin: boolean;
}

export async function loadClass(db: Db, id: string): Promise<CiClass> {
	const [row] = await db.select().from(ciClasses).where(eq(ciClasses.id, id));
	if (!row) {
		throw unprocessable(`classId: unknown class "${id}"`, 'classId');
	}
	return { id: row.id, label: row.label, spec: row.attributeSpec as AttributeSpec, builtin: row.builtin };
}

export async function listClasses(ctx: Ctx): Promise<CiClass[]> {
	authorize(ctx.actor, 'cmdb.read');
	const rows = await ctx.db.select().from(ciClasses).orderBy(ciClasses.id);
	return rows.map((r) => ({ id: r.id, label: r.label, spec: r.attributeSpec as AttributeSpec, builtin: r.builtin }));
}

export const defineClassInput = z.object({
	id: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be snake_case'),
	label: z.string().trim().min(1).max(200),
	spec: attributeSpec
});

/** Creates a custom class; built-in ones cannot be redefined. */
export async function defineClass(ctx: Ctx, raw: unknown): Promise<CiClass> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(defineClassInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [existing] = await tx.select().from(ciClasses).where(eq(ciClasses.id, input.id));
		if (existing) throw conflict(`Class "${input.id}" already exists`, 'id');
		await tx.insert(ciClasses).values({ id: input.id, label: input.label, attributeSpec: input.spec });
		const view = { id: input.id, label: input.label, spec: input.spec, builtin: false };
		await audit(tx, actor, { action: 'ci_class.created', entityType: 'ci_class', entityId: input.id, after: view });
		return view;
	});
}
