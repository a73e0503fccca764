/**
 * CSV import of CIs, all-or-nothing, with a dry run. Columns (header row, any order):
 *   name, class (required); status, criticality, location, owner_group (group name),
 *   cost_center (department code), identities ("kind:value;kind:value"), attr.<name> (one per attribute).
 * Every row is checked first; if any row has an error nothing is written and the report lists
 * each error with its line. Otherwise (and unless dryRun) all rows are inserted in one
 * transaction, each audited as 'ci.imported'.
 */
import { z } from 'zod';
import { departments, groups } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { DomainError, invalid, isDomainError } from '../errors';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { coerceAttribute, loadClass, validateAttributes, type CiClass } from './classes';
import { CsvError, parseCsv } from './csv';
import { assertIdentitiesFree, normalizeIdentities } from './identities';
import { insertCi } from './items';
import { createCiInput, IDENTITY_KINDS, type IdentityInput } from './schemas';

export const MAX_IMPORT_ROWS = 20_000;

export interface ImportError {
	line: number;
	field?: string;
	message: string;
}

export interface ImportReport {
	dryRun: boolean;
	rows: number;
	valid: number;
	errors: ImportError[];
	created: number;
	ids: string[];
	/** The first PREVIEW_ROWS valid rows, as they would be created (the import only creates). */
	preview: ImportPreviewRow[];
}

export interface ImportPreviewRow {
	line: number;
	name: string;
	classId: string;
	status: string;
	identities: number;
}

export const PREVIEW_ROWS = 200;

const importInput = z.object({
	csv: z.string().min(1, 'is empty').max(20 * 1024 * 1024),
	dryRun: z.boolean().default(true)
});

const KNOWN = new Set(['name', 'class', 'status', 'criticality', 'location', 'owner_group', 'cost_center', 'identities']);

function parseIdentities(text: string): IdentityInput[] {
	if (!text.trim()) return [];
	return text.split(';').map((part) => {
		const at = part.indexOf(':');
		const kind = part.slice(0, at).trim().toLowerCase();
		const value = part.slice(at + 1).trim();
		if (at < 1 || !(IDENTITY_KINDS as readonly string[]).includes(kind) || !value) {
			throw new DomainError('UNPROCESSABLE', `"${part.trim()}" is not kind:value with kind one of ${IDENTITY_KINDS.join(', ')}`, 'identities');
		}
		return { kind: kind as IdentityInput['kind'], value };
	});
}

export async function importCis(ctx: Ctx, raw: unknown): Promise<ImportReport> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(importInput, raw);
	let records;
	try {
		records = parseCsv(input.csv);
	} catch (e) {
		if (e instanceof CsvError) throw invalid(`csv: ${e.message}`, 'csv');
		throw e;
	}
	if (!records.length) throw invalid('csv: no header row', 'csv');
	const [header, ...body] = records;
	const cols = header.fields.map((h) => h.trim().toLowerCase());
	for (const req of ['name', 'class']) {
		if (!cols.includes(req)) throw invalid(`csv: the header has no "${req}" column`, 'csv');
	}
	const unknown = cols.find((c) => !KNOWN.has(c) && !c.startsWith('attr.'));
	if (unknown) throw invalid(`csv: unknown column "${unknown}" (attributes go in attr.<name> columns)`, 'csv');
	if (body.length > MAX_IMPORT_ROWS) {
		throw new DomainError('TOO_LARGE', `csv: ${body.length} rows; at most ${MAX_IMPORT_ROWS} per import`);
	}

	const groupByName = new Map((await ctx.db.select({ id: groups.id, name: groups.name }).from(groups)).map((g) => [g.name.toLowerCase(), g.id]));
	const deptByCode = new Map(
		(await ctx.db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code.toLowerCase(), d.id])
	);
	const classes = new Map<string, CiClass | null>();
	const classOf = async (id: string) => {
		if (!classes.has(id)) classes.set(id, await loadClass(ctx.db, id).catch(() => null));
		return classes.get(id)!;
	};

	const errors: ImportError[] = [];
	const valid: Array<z.infer<typeof createCiInput>> = [];
	const preview: ImportPreviewRow[] = [];
	const seenIdentity = new Map<string, number>();

	for (const rec of body) {
		const line = rec.line;
		try {
			if (rec.fields.length !== cols.length) {
				throw invalid(`has ${rec.fields.length} fields; the header has ${cols.length}`);
			}
			const get = (c: string) => {
				const i = cols.indexOf(c);
				return i < 0 ? '' : rec.fields[i].trim();
			};
			const classId = get('class').toLowerCase();
			const cls = await classOf(classId);
			if (!cls) throw new DomainError('UNPROCESSABLE', `unknown class "${classId}"`, 'class');
			const attributes: Record<string, unknown> = {};
			cols.forEach((c, i) => {
				if (!c.startsWith('attr.')) return;
				const name = c.slice(5);
				const v = coerceAttribute(cls.spec, name, rec.fields[i].trim());
				if (v !== undefined) attributes[name] = v;
			});
			const ownerName = get('owner_group');
			const costCode = get('cost_center');
			const ownerGroupId = ownerName ? groupByName.get(ownerName.toLowerCase()) : null;
			if (ownerGroupId === undefined) throw new DomainError('UNPROCESSABLE', `no group "${ownerName}"`, 'owner_group');
			const costCenterId = costCode ? deptByCode.get(costCode.toLowerCase()) : null;
			if (costCenterId === undefined) throw new DomainError('UNPROCESSABLE', `no department with code "${costCode}"`, 'cost_center');
			const crit = get('criticality');
			const ci = parseInput(createCiInput, {
				name: get('name'),
				classId,
				status: get('status') || undefined,
				criticality: crit ? Number(crit) : undefined,
				location: get('location') || null,
				ownerGroupId,
				costCenterId,
				attributes,
				identities: parseIdentities(get('identities'))
			});
			ci.attributes = validateAttributes(cls.id, cls.spec, ci.attributes);
			ci.identities = normalizeIdentities(ci.identities);
			for (const ident of ci.identities) {
				const key = `${ident.kind}:${ident.value}`;
				const other = seenIdentity.get(key);
				if (other !== undefined) throw new DomainError('CONFLICT', `identity ${key} is also on line ${other}`, 'identities');
				seenIdentity.set(key, line);
			}
			await assertIdentitiesFree(ctx.db, ci.identities);
			valid.push(ci);
			if (preview.length < PREVIEW_ROWS) {
				preview.push({ line, name: ci.name, classId: ci.classId, status: ci.status, identities: ci.identities.length });
			}
		} catch (e) {
			if (!isDomainError(e)) throw e;
			errors.push({ line, ...(e.field ? { field: e.field } : {}), message: e.message });
		}
	}

	const report: ImportReport = { dryRun: input.dryRun, rows: body.length, valid: valid.length, errors, created: 0, ids: [], preview };
	if (errors.length || input.dryRun) return report;
	const ids = await ctx.db.transaction(async (tx) => {
		const out: string[] = [];
		for (const ci of valid) out.push((await insertCi(tx, actor, ci, 'ci.imported')).id);
		return out;
	});
	return { ...report, created: ids.length, ids };
}
