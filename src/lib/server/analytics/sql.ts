/**
 * A tagged template for ClickHouse SQL that carries its parameters: values become `{name:Type}`
 * placeholders with the value in `params`, fragments compose (their parameters merge), and
 * anything that is not a value or a fragment must be spelled `ident()` (an allow-listed name) or
 * `raw()` (SQL text from code, grep-able). A plain string interpolated by mistake throws.
 *
 *   sql`SELECT count() FROM ${ident(TABLES.ticketEvents)} WHERE at >= ${p.dt('from', from)}`
 *   → { sql: "SELECT count() FROM ticket_events WHERE at >= {from:DateTime64(3, 'UTC')}",
 *       params: { from: '2024-03-01 00:00:00.000' } }
 */
import { chTime } from './time';

export class Sql {
	constructor(
		readonly sql: string,
		readonly params: Readonly<Record<string, unknown>> = {},
		/** A short name for the query log (kpi.backlog, relay.present…). */
		readonly tag?: string
	) {}
	/** The same query, named for the query log. */
	named(tag: string): Sql {
		return new Sql(this.sql, this.params, tag);
	}
}

class Param {
	constructor(
		readonly name: string,
		readonly type: string,
		readonly value: unknown
	) {}
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function param(name: string, type: string, value: unknown): Param {
	if (!NAME_RE.test(name)) throw new Error(`sql: bad parameter name "${name}"`);
	return new Param(name, type, value);
}

/** Typed parameters. The same name may appear twice with the same value (e.g. a window used twice). */
export const p = {
	dt: (name: string, d: Date | number) => param(name, "DateTime64(3, 'UTC')", chTime(d)),
	str: (name: string, v: string) => param(name, 'String', v),
	strs: (name: string, v: readonly string[]) => param(name, 'Array(String)', [...v]),
	uuids: (name: string, v: readonly string[]) => param(name, 'Array(UUID)', [...v]),
	u64: (name: string, v: number) => param(name, 'UInt64', v),
	u32s: (name: string, v: readonly number[]) => param(name, 'Array(UInt32)', [...v]),
	f64: (name: string, v: number) => param(name, 'Float64', v)
};

/** SQL text written in code (never user input): expressions, keywords, allow-listed columns. */
export function raw(text: string, params: Record<string, unknown> = {}): Sql {
	return new Sql(text, params);
}

/** An identifier (table or column) that must match a plain-name pattern. */
export function ident(name: string): Sql {
	if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`sql: bad identifier "${name}"`);
	return new Sql(name);
}

function mergeParams(into: Record<string, unknown>, from: Readonly<Record<string, unknown>>) {
	for (const [k, v] of Object.entries(from)) {
		if (k in into && JSON.stringify(into[k]) !== JSON.stringify(v)) {
			throw new Error(`sql: parameter "${k}" bound twice with different values`);
		}
		into[k] = v;
	}
}

export function sql(strings: TemplateStringsArray, ...values: (Sql | Param)[]): Sql {
	let text = strings[0];
	const params: Record<string, unknown> = {};
	values.forEach((v, i) => {
		if (v instanceof Sql) {
			text += v.sql;
			mergeParams(params, v.params);
		} else if (v instanceof Param) {
			text += `{${v.name}:${v.type}}`;
			mergeParams(params, { [v.name]: v.value });
		} else {
			throw new Error(`sql: interpolate p.*(), ident() or raw(), not ${typeof v} (${String(v).slice(0, 40)})`);
		}
		text += strings[i + 1];
	});
	return new Sql(text, params);
}

/** Fragments joined by a separator (', ', ' AND '…); an empty list is an empty fragment. */
export function join(parts: Sql[], sep: string): Sql {
	const params: Record<string, unknown> = {};
	for (const part of parts) mergeParams(params, part.params);
	return new Sql(parts.map((x) => x.sql).join(sep), params);
}

export const empty = new Sql('');
