/**
 * Runs once per `vitest run`: prepares a migrated PGlite data dir dump (a new PGlite takes
 * 4–7 s; loading a dump ~1 s, docs/STACK.md pitfall 10) and a migrated PostgreSQL template database
 * that each suite clones into its own fresh database, so runs never collide.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb, migrateDb } from '../../src/lib/server/db/index';
import { seedReferenceData } from '../../src/lib/server/seed';
import { adminUrl, dbUrl } from '../helpers/pgurl';

const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const template = `opshub_tpl_${runId}`;

async function dropRunDatabases(client: pg.Client) {
	const { rows } = await client.query(
		`select datname from pg_database where datname like $1 or datname = $2`,
		[`opshub_t_${runId}_%`, template]
	);
	for (const r of rows) await client.query(`drop database if exists "${r.datname}" with (force)`);
}

export default async function setup(project: TestProject) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-test-'));
	const lite = await openDb({ url: null });
	await migrateDb(lite);
	await seedReferenceData(lite.db);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const client = (lite as any).db.$client as import('@electric-sql/pglite').PGlite;
	const dump = await client.dumpDataDir('none');
	const dumpPath = path.join(tmp, 'pglite.tar');
	fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
	await lite.close();

	const admin = new pg.Client({ connectionString: adminUrl() });
	await admin.connect();
	await admin.query(`create database "${template}"`);
	const tpl = await openDb({ url: dbUrl(template), poolMax: 1 });
	await migrateDb(tpl);
	await seedReferenceData(tpl.db);
	await tpl.close();

	project.provide('pgliteDump', dumpPath);
	project.provide('pgTemplate', template);
	project.provide('runId', runId);

	return async () => {
		await dropRunDatabases(admin);
		await admin.end();
		fs.rmSync(tmp, { recursive: true, force: true });
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteDump: string;
		pgTemplate: string;
		runId: string;
	}
}
