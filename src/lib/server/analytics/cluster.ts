/**
 * Renders the ClickHouse migrations (schemas/clickhouse/*.sql, written for one server or chDB)
 * for a cluster, selected by CLICKHOUSE_CLUSTER. The same files, rewritten statement by statement:
 *  - CREATE TABLE t … ENGINE = XMergeTree(args) → `t_local ON CLUSTER c` with
 *    ReplicatedXMergeTree('/clickhouse/tables/{shard}/{database}/t_local', '{replica}', args),
 *    plus `t ON CLUSTER c AS t_local ENGINE = Distributed(c, currentDatabase(), t_local, key)`;
 *    code keeps reading and writing `t` (TABLES), the Distributed table.
 *  - Sharding keys keep each ticket on one shard (cityHash64(ticket_id)): the per-ticket reads
 *    (ticket_state FINAL, last resolution per ticket) and the ReplacingMergeTree dedup are then
 *    shard-local and exact; inserts go through the Distributed table.
 *  - Materialized views are created ON CLUSTER between local tables (each shard rolls up its own
 *    events); DROPs run ON CLUSTER on both tables; ALTERs run ON CLUSTER on the local table;
 *    backfill INSERTs stay as written (they read and write the Distributed tables, once, from the
 *    node running the migration).
 * Assumes the cluster defines the {shard} and {replica} macros (the usual setup).
 */
const SHARDING: Record<string, string> = {
	ticket_events: 'cityHash64(ticket_id)',
	ticket_state: 'cityHash64(ticket_id)',
	ticket_sla: 'cityHash64(ticket_id)',
	alert_events: 'cityHash64(source_id)',
	// A bucket's rows and its meta row on one shard: the meta's ReplacingMergeTree keeps one per bucket.
	kpi_ticket_buckets: 'toUInt32(bucket)',
	kpi_ticket_buckets_meta: 'toUInt32(bucket)'
};

const local = (t: string) => `${t}_local`;

/** Where a statement on a table's own parts (OPTIMIZE, ALTER … SETTING) goes: `t`, or `t_local ON CLUSTER c`. */
export function partsTarget(table: string, cluster: string | null): string {
	return cluster ? `${local(table)} ON CLUSTER ${cluster}` : table;
}

export function renderStatementForCluster(stmt: string, cluster: string, tables: Set<string>): string[] {
	const onCluster = `ON CLUSTER ${cluster}`;
	const create = /^CREATE TABLE IF NOT EXISTS (\w+)\s*\n?\(/.exec(stmt);
	if (create) {
		const t = create[1];
		tables.add(t);
		const body = stmt
			.replace(/^CREATE TABLE IF NOT EXISTS \w+/, `CREATE TABLE IF NOT EXISTS ${local(t)} ${onCluster}`)
			.replace(/ENGINE = (\w*MergeTree)(?:\(([^)]*)\))?/, (_m, engine: string, args?: string) => {
				const path = `'/clickhouse/tables/{shard}/{database}/${local(t)}', '{replica}'`;
				return `ENGINE = Replicated${engine}(${path}${args ? `, ${args}` : ''})`;
			});
		const dist = `CREATE TABLE IF NOT EXISTS ${t} ${onCluster} AS ${local(t)}
ENGINE = Distributed(${cluster}, currentDatabase(), ${local(t)}, ${SHARDING[t] ?? 'rand()'})`;
		return [body, dist];
	}
	const mv = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) TO (\w+) AS/.exec(stmt);
	if (mv) {
		let text = stmt.replace(mv[0], `CREATE MATERIALIZED VIEW IF NOT EXISTS ${mv[1]} ${onCluster} TO ${local(mv[2])} AS`);
		text = text.replace(/\bFROM (\w+)/g, (m, src: string) => (tables.has(src) ? `FROM ${local(src)}` : m));
		return [text];
	}
	const dropView = /^DROP VIEW IF EXISTS (\w+)$/.exec(stmt.trim());
	if (dropView) return [`DROP VIEW IF EXISTS ${dropView[1]} ${onCluster}`];
	const dropTable = /^DROP TABLE IF EXISTS (\w+)$/.exec(stmt.trim());
	if (dropTable) {
		const t = dropTable[1];
		return [`DROP TABLE IF EXISTS ${t} ${onCluster}`, `DROP TABLE IF EXISTS ${local(t)} ${onCluster}`];
	}
	const alter = /^ALTER TABLE (\w+) /.exec(stmt.trim());
	if (alter && tables.has(alter[1])) return [stmt.trim().replace(alter[0], `ALTER TABLE ${partsTarget(alter[1], cluster)} `)];
	if (/^(INSERT|SELECT|OPTIMIZE)\b/.test(stmt.trim())) return [stmt];
	throw new Error(`cannot render for a cluster (add a rule in analytics/cluster.ts): ${stmt.slice(0, 80)}`);
}

/**
 * Every statement of the migrations, in order, rendered for `cluster`. Tables created by earlier
 * files are known to later ones (a view's source becomes its local table).
 */
export function renderMigrationsForCluster(files: { name: string; statements: string[] }[], cluster: string): { name: string; statements: string[] }[] {
	const tables = new Set<string>();
	return files.map((f) => ({ name: f.name, statements: f.statements.flatMap((s) => renderStatementForCluster(s, cluster, tables)) }));
}

/** The bookkeeping table of migrateClickHouse, for a cluster: replicated, one copy per shard. */
export function schemaMigrationsDdl(cluster: string | null): string {
	const cols = `(version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))`;
	if (!cluster) return `CREATE TABLE IF NOT EXISTS schema_migrations ${cols} ENGINE = ReplacingMergeTree ORDER BY version`;
	return `CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER ${cluster} ${cols}
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/schema_migrations', '{replica}') ORDER BY version`;
}
