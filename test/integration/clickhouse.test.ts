import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClickHouse, migrateClickHouse, chQuery, num, splitStatements, type ClickHouse, type QueryLogEntry } from '../../src/lib/server/analytics/clickhouse';
import { p, sql } from '../../src/lib/server/analytics/sql';

describe('ClickHouse migrations on chDB', () => {
	let ch: ClickHouse;
	let dir: string;
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-ch-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	});
	afterAll(async () => {
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('splits statements on line-ending semicolons and skips comments', () => {
		expect(splitStatements('-- why\nCREATE TABLE a (x UInt8)\nENGINE = Memory;\n\nSELECT 1;\n')).toEqual([
			'CREATE TABLE a (x UInt8)\nENGINE = Memory',
			'SELECT 1'
		]);
	});

	it('applies numbered migrations once and records their versions', async () => {
		const folder = path.join(dir, 'mig');
		fs.mkdirSync(folder);
		fs.writeFileSync(path.join(folder, '0901_a.sql'), 'CREATE TABLE IF NOT EXISTS t_a (x UInt32) ENGINE = MergeTree ORDER BY x;\n');
		fs.writeFileSync(path.join(folder, '0902_b.sql'), 'INSERT INTO t_a VALUES (1), (2);\n');
		expect(await migrateClickHouse(ch, folder)).toEqual(['0901_a.sql', '0902_b.sql']);
		expect(await migrateClickHouse(ch, folder)).toEqual([]);
		const [r] = await chQuery<{ n: string }>(ch, 'SELECT count() AS n FROM t_a');
		expect(num(r.n)).toBe(2);
		const versions = await chQuery<{ version: number }>(ch, 'SELECT version FROM schema_migrations FINAL WHERE version > 900 ORDER BY version');
		expect(versions.map((v) => num(v.version))).toEqual([901, 902]);
	});

	it('applies the project migrations idempotently', async () => {
		await migrateClickHouse(ch);
		expect(await migrateClickHouse(ch)).toEqual([]);
	});

	it('binds {name:Type} parameters', async () => {
		const rows = await chQuery<{ s: string }>(ch, 'SELECT {v:String} AS s', { v: "it's; DROP" });
		expect(rows[0].s).toBe("it's; DROP");
	});

	it('logs every query with its tag, elapsed time and row count, failures included', async () => {
		const seen: QueryLogEntry[] = [];
		const listener = (e: QueryLogEntry) => seen.push(e);
		ch.log.listeners.add(listener);
		ch.log.mode = 'off';
		try {
			const rows = await chQuery<{ n: string }>(ch, sql`SELECT number AS n FROM numbers(${p.u64('k', 3)})`.named('test.numbers'));
			expect(rows.map((r) => num(r.n))).toEqual([0, 1, 2]);
			await expect(chQuery(ch, sql`SELECT * FROM no_such_table`.named('test.fails'))).rejects.toThrow();
		} finally {
			ch.log.listeners.delete(listener);
			ch.log.mode = 'slow';
		}
		expect(seen.map((e) => [e.tag, e.rows, !!e.error])).toEqual([
			['test.numbers', 3, false],
			['test.fails', 0, true]
		]);
		expect(seen.every((e) => e.ms >= 0 && e.ms < 10_000)).toBe(true);
	});
});
