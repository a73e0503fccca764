/**
 * JSON export, and backup/restore of the whole CMDB: classes, items, identities, relations,
 * changes (items, approvals), maintenance windows and the CMDB audit rows.
 *
 * Backups are files `cmdb-backup-<UTC time>-<rand>.json` in one directory, written atomically
 * (temp file + rename); the newest `keep` are kept. Restore wipes the CMDB tables and reloads the
 * file in one transaction, keeping ids, so history and references stay valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { asc, getTableColumns, inArray, sql, type Table } from 'drizzle-orm';
import {
	auditLog,
	changeApprovals,
	changeItems,
	changeRequests,
	ciClasses,
	ciIdentities,
	ciRelations,
	configurationItems,
	maintenanceWindows
} from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { invalid, notFound } from '../errors';
import { parseInput } from '../validate';

/** Audit entity types that belong to the CMDB (and travel with its backups). */
export const CMDB_AUDIT_TYPES = ['ci', 'ci_relation', 'change', 'ci_class'];
export const BACKUP_VERSION = 1;

/** Load order (parents first); wiped in reverse. */
const TABLES = {
	classes: ciClasses,
	items: configurationItems,
	identities: ciIdentities,
	relations: ciRelations,
	changes: changeRequests,
	changeItems: changeItems,
	approvals: changeApprovals,
	windows: maintenanceWindows,
	audit: auditLog
} as const;
type Section = keyof typeof TABLES;

export type CmdbData = { [K in Section]: Record<string, unknown>[] };
export interface CmdbBackup {
	version: number;
	takenAt: string;
	counts: Record<Section, number>;
	data: CmdbData;
}

/** Every CMDB row, in a stable order, as JSON-ready values (timestamps as ISO strings). */
export async function snapshotCmdb(db: Db): Promise<CmdbData> {
	const rows = async (t: Table, order: unknown[]) => {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const q = db.select().from(t as any);
		const r = t === auditLog ? await q.where(inArray(auditLog.entityType, CMDB_AUDIT_TYPES)).orderBy(asc(auditLog.id)) : await q.orderBy(...(order as never[]));
		return JSON.parse(JSON.stringify(r)) as Record<string, unknown>[];
	};
	return {
		classes: await rows(ciClasses, [asc(ciClasses.id)]),
		items: await rows(configurationItems, [asc(configurationItems.id)]),
		identities: await rows(ciIdentities, [asc(ciIdentities.id)]),
		relations: await rows(ciRelations, [asc(ciRelations.id)]),
		changes: await rows(changeRequests, [asc(changeRequests.id)]),
		changeItems: await rows(changeItems, [asc(changeItems.changeId), asc(changeItems.ciId)]),
		approvals: await rows(changeApprovals, [asc(changeApprovals.id)]),
		windows: await rows(maintenanceWindows, [asc(maintenanceWindows.id)]),
		audit: await rows(auditLog, [])
	};
}

export interface CmdbExport {
	exportedAt: string;
	classes: CmdbData['classes'];
	items: Array<Record<string, unknown>>;
	relations: CmdbData['relations'];
}

/** The CI inventory as JSON: classes, items with their identities, relations. */
export async function exportCmdb(ctx: Ctx): Promise<CmdbExport> {
	authorize(ctx.actor, 'cmdb.read');
	const snap = await snapshotCmdb(ctx.db);
	const byCi = new Map<string, Array<{ kind: unknown; value: unknown }>>();
	for (const i of snap.identities) {
		const list = byCi.get(i.ciId as string) ?? [];
		list.push({ kind: i.kind, value: i.value });
		byCi.set(i.ciId as string, list);
	}
	return {
		exportedAt: new Date().toISOString(),
		classes: snap.classes,
		items: snap.items.map((i) => ({ ...i, identities: byCi.get(i.id as string) ?? [] })),
		relations: snap.relations
	};
}

const FILE_RE = /^cmdb-backup-[0-9TZ-]+-[0-9a-f]{6}\.json$/;

export function listBackups(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	// Names sort by time: newest first.
	return fs
		.readdirSync(dir)
		.filter((f) => FILE_RE.test(f))
		.sort()
		.reverse();
}

const backupInput = z.object({
	dir: z.string().min(1),
	keep: z.number().int().min(1).max(1000).default(14)
});

export interface BackupResult {
	file: string;
	counts: Record<Section, number>;
	pruned: string[];
}

export async function backupCmdb(ctx: Ctx, raw: unknown): Promise<BackupResult> {
	authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(backupInput, raw);
	// One consistent read: repeatable read sees a single snapshot across the tables.
	const data = await ctx.db.transaction(
		async (tx) => {
			return snapshotCmdb(tx);
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
	const takenAt = new Date();
	const counts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.length])) as Record<Section, number>;
	const backup: CmdbBackup = { version: BACKUP_VERSION, takenAt: takenAt.toISOString(), counts, data };
	fs.mkdirSync(input.dir, { recursive: true });
	const stamp = takenAt.toISOString().replace(/[:.]/g, '-');
	const name = `cmdb-backup-${stamp}-${randomBytes(3).toString('hex')}.json`;
	const file = path.join(input.dir, name);
	const tmp = `${file}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(backup));
	fs.renameSync(tmp, file);
	const pruned = listBackups(input.dir).slice(input.keep);
	for (const f of pruned) fs.rmSync(path.join(input.dir, f), { force: true });
	return { file, counts, pruned };
}

const restoreInput = z.object({
	dir: z.string().min(1),
	/** A file name from listBackups; the newest when omitted. */
	name: z.string().regex(FILE_RE, 'must be a backup file name').optional()
});

/** ISO strings back to Dates for the timestamp columns drizzle maps. */
function revive(table: Table, row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...row };
	for (const [key, col] of Object.entries(getTableColumns(table))) {
		if (col.columnType === 'PgTimestamp' && typeof out[key] === 'string') out[key] = new Date(out[key] as string);
	}
	return out;
}

const SERIAL_TABLES = ['ci_identities', 'change_approvals', 'maintenance_windows', 'audit_log'];

/** Wipes the CMDB tables and reloads a backup, in one transaction. */
export async function restoreCmdb(ctx: Ctx, raw: unknown): Promise<{ file: string; counts: Record<Section, number> }> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	// Destroys current CMDB data and history: admins only.
	authorize(actor, 'rbac.manage');
	const input = parseInput(restoreInput, raw);
	const name = input.name ?? listBackups(input.dir)[0];
	if (!name) throw notFound(`A backup in ${input.dir}`);
	const file = path.join(input.dir, name);
	if (!fs.existsSync(file)) throw notFound(`Backup ${name}`);
	let backup: CmdbBackup;
	try {
		backup = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		throw invalid(`Backup ${name} is not valid JSON: ${(e as Error).message}`);
	}
	if (backup.version !== BACKUP_VERSION || !backup.data) throw invalid(`Backup ${name} has an unknown format (version ${backup.version})`);
	await ctx.db.transaction(async (tx) => {
		await wipeCmdb(tx);
		for (const [section, table] of Object.entries(TABLES) as Array<[Section, Table]>) {
			const rows = (backup.data[section] ?? []).map((r) => revive(table, r));
			// Chunks keep each statement under the 65535 bind-parameter limit.
			for (let i = 0; i < rows.length; i += 500) {
				// eslint-disable-next-line @typescript-eslint/no-explicit-any
				await tx.insert(table as any).values(rows.slice(i, i + 500) as any);
			}
		}
		for (const t of SERIAL_TABLES) {
			// Only ever moves a sequence forward: ids are never handed out twice.
			const seq = sql.identifier(`${t}_id_seq`);
			await tx.execute(
				sql`select setval(${t + '_id_seq'}, greatest((select coalesce(max(id), 1) from ${sql.identifier(t)}), (select last_value from ${seq})))`
			);
		}
		await audit(tx, actor, { action: 'cmdb.restored', entityType: 'cmdb', entityId: name, after: { file: name, counts: backup.counts } });
	});
	return { file, counts: backup.counts };
}

/** Deletes every CMDB row (children first) and the CMDB audit rows. Caller holds the transaction. */
export async function wipeCmdb(tx: Db): Promise<void> {
	await tx.delete(maintenanceWindows);
	await tx.delete(changeApprovals);
	await tx.delete(changeItems);
	await tx.delete(changeRequests);
	await tx.delete(ciRelations);
	await tx.delete(ciIdentities);
	await tx.delete(configurationItems);
	await tx.delete(ciClasses);
	await tx.delete(auditLog).where(inArray(auditLog.entityType, CMDB_AUDIT_TYPES));
}
