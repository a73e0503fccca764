/** The ClickHouse migrations rendered for a cluster (CLICKHOUSE_CLUSTER), pinned by snapshot. */
import { describe, it, expect } from 'vitest';
import { clusterSettings, readMigrations } from '../../src/lib/server/analytics/clickhouse';
import { renderStatementForCluster, schemaMigrationsDdl } from '../../src/lib/server/analytics/cluster';
import { loadConfig, ConfigError } from '../../src/lib/server/config';

describe('cluster DDL', () => {
	const files = readMigrations(undefined, 'opshub');
	const all = files.flatMap((f) => f.statements);

	it('renders every migration file (snapshot)', () => {
		expect(files.map((f) => `-- ${f.name}\n${f.statements.join(';\n\n')};`).join('\n\n')).toMatchSnapshot();
	});

	it('every table is a Replicated*MergeTree local table behind a Distributed table of its name', () => {
		const locals = all.filter((s) => /^CREATE TABLE IF NOT EXISTS \w+_local ON CLUSTER opshub/.test(s));
		expect(locals.length).toBeGreaterThanOrEqual(8);
		for (const s of locals) {
			const t = /^CREATE TABLE IF NOT EXISTS (\w+)_local/.exec(s)![1];
			expect(s).toMatch(new RegExp(`ENGINE = Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${t}_local', '\\{replica\\}'`));
			expect(all).toContainEqual(expect.stringContaining(`CREATE TABLE IF NOT EXISTS ${t} ON CLUSTER opshub AS ${t}_local\nENGINE = Distributed(opshub, currentDatabase(), ${t}_local,`));
		}
		expect(all.join('\n')).toContain('ENGINE = ReplicatedReplacingMergeTree(\'/clickhouse/tables/{shard}/{database}/ticket_state_local\', \'{replica}\', ver, is_deleted)');
		expect(all.join('\n')).toContain('Distributed(opshub, currentDatabase(), ticket_events_local, cityHash64(ticket_id))');
	});

	it('views run between local tables on every node; no statement is left single-node', () => {
		for (const s of all.filter((x) => x.startsWith('CREATE MATERIALIZED VIEW'))) {
			expect(s).toMatch(/ON CLUSTER opshub TO \w+_local AS/);
			expect(s).toContain('FROM ticket_events_local');
		}
		for (const s of all.filter((x) => /^(CREATE|DROP)/.test(x))) expect(s).toContain('ON CLUSTER opshub');
	});

	it('without a cluster the files are unchanged, and an unknown statement is refused', () => {
		expect(readMigrations().flatMap((f) => f.statements).some((s) => s.includes('ON CLUSTER'))).toBe(false);
		expect(schemaMigrationsDdl(null)).not.toContain('CLUSTER');
		expect(schemaMigrationsDdl('opshub')).toContain('ReplicatedReplacingMergeTree');
		expect(() => renderStatementForCluster('ALTER TABLE x ADD COLUMN y UInt8', 'c', new Set())).toThrow(/cannot render/);
	});

	it('CLICKHOUSE_CLUSTER is validated', () => {
		expect(loadConfig({ CLICKHOUSE_CLUSTER: 'opshub' }).clickhouse.cluster).toBe('opshub');
		expect(loadConfig({}).clickhouse.cluster).toBeNull();
		expect(() => loadConfig({ CLICKHOUSE_CLUSTER: 'a b' })).toThrow(ConfigError);
	});

	it('on a cluster, subqueries on Distributed tables read each shard locally (tickets are sharded by ticket)', () => {
		expect(clusterSettings('opshub')).toEqual({ distributed_product_mode: 'local' });
		expect(clusterSettings(null)).toEqual({});
	});
});
