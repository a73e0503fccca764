/**
 * Events from Postgres to ClickHouse as TabSeparated (the relay and the analytics rebuild).
 * Postgres cuts each jsonb payload into the ClickHouse table's columns (`payload->>'col'`) and
 * sends them with `COPY (…) TO STDOUT`: its text format (tab-separated, `\N` for NULL, backslash
 * escapes) is ClickHouse's TabSeparated, so the bytes go to `INSERT … FORMAT TabSeparated`
 * untouched, with no parsing in JS. Against JSONEachRow of `payload::text`: ~40 % of the bytes,
 * and ClickHouse parses it 2–3× faster (bench/RESULTS.md, K2 TSV).
 * A payload key is the column of the same name; a key missing or JSON null is `\N`, which
 * ClickHouse reads as NULL (Nullable) or the column's default, as JSONEachRow would.
 */
import { chQuery, insertBody, type ClickHouse } from '../analytics/clickhouse';
import { p, sql as chSql } from '../analytics/sql';

/** ClickHouse's DateTime64 columns take the payloads' ISO texts (…T…Z) with the best-effort parser. */
export const TSV_INSERT_SETTINGS = { date_time_input_format: 'best_effort' } as const;

/** Filled by ClickHouse at insert time, never carried by a payload. */
const INSERT_TIME_COLUMN = 'inserted_at';

export interface TsvColumns {
	table: string;
	names: string[];
	/** Numeric columns (their TSV text becomes a number when a listener parses a batch). */
	numeric: boolean[];
}

/** The columns an event copy fills: the table's, in order, but the insert time. */
export async function eventColumns(ch: ClickHouse, table: string): Promise<TsvColumns> {
	const q = chSql`SELECT name, type FROM system.columns
		WHERE database = currentDatabase() AND table = ${p.str('table', table)} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')
		ORDER BY position`.named('events.columns');
	const cols = (await chQuery<{ name: string; type: string }>(ch, q)).filter((c) => c.name !== INSERT_TIME_COLUMN);
	if (!cols.length || !cols.every((c) => /^[a-z_][a-z0-9_]*$/.test(c.name))) throw new Error(`events: unexpected columns of ${table}: ${cols.map((c) => c.name).join(', ')}`);
	return { table, names: cols.map((c) => c.name), numeric: cols.map((c) => /^(Nullable\()?(U?Int|Float|Decimal)/.test(c.type)) };
}

/** The SELECT list that cuts a jsonb payload (an SQL expression) into the columns. */
export function tsvSelectList(payload: string, cols: TsvColumns): string {
	return cols.names.map((n) => `${payload}->>'${n}'`).join(', ');
}

/** One INSERT of a COPY text body into the table's columns (one part; callers batch). */
export async function insertTsv(ch: ClickHouse, cols: TsvColumns, body: Buffer | string, rows: number): Promise<void> {
	if (!body.length) return;
	const t0 = performance.now();
	await insertBody(ch, `${cols.table} (${cols.names.join(', ')})`, 'TabSeparated', body, TSV_INSERT_SETTINGS);
	ch.log?.record({ tag: `events.insert.${cols.table}`, ms: performance.now() - t0, rows, sql: `INSERT INTO ${cols.table} FORMAT TabSeparated` });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** uuids as a Postgres array literal for a COPY's query (COPY takes no parameters): each validated. */
export function uuidArray(ids: Iterable<string>): string {
	const out: string[] = [];
	for (const id of ids) {
		if (!UUID.test(id)) throw new Error(`events: not a uuid: ${id}`);
		out.push(id);
	}
	return `'{${out.join(',')}}'::uuid[]`;
}

/** Integer ids as a Postgres array literal for a COPY's query: each checked. */
export function bigintArray(ids: readonly number[]): string {
	for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`events: not an integer id: ${id}`);
	return `'{${ids.join(',')}}'::bigint[]`;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** COPY text rows back into objects (for the relay's 'flushed' listeners): \N = null, numeric columns as numbers. */
export function parseTsv(body: Buffer | string, cols: TsvColumns): Record<string, unknown>[] {
	const text = typeof body === 'string' ? body : body.toString('utf8');
	const out: Record<string, unknown>[] = [];
	for (const line of text.split('\n')) {
		if (!line) continue;
		const fields = line.split('\t');
		const row: Record<string, unknown> = {};
		for (let i = 0; i < cols.names.length; i++) {
			const f = fields[i];
			if (f === undefined || f === '\\N') row[cols.names[i]] = null;
			else {
				const s = f.includes('\\') ? f.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : f;
				row[cols.names[i]] = cols.numeric[i] ? Number(s) : s;
			}
		}
		out.push(row);
	}
	return out;
}
