// Guards and small readers shared by the format files. Everything here is pure and
// total: it returns a value or throws NormalizeError, never anything else.
import { isIP } from 'node:net';
import { LIMITS, NormalizeError } from './types.ts';

export type Rec = Record<string, unknown>;

export function isRecord(v: unknown): v is Rec {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

/** Own property only: a body key named `constructor` or `__proto__` must not reach Object.prototype. */
export function own(rec: Rec, key: string): unknown {
	return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * Form-encoded bodies carry nested structures as JSON strings (`alerts=[...]`, `tags={...}`,
 * `payload={...}`); JSON bodies carry them as they are. Returns the structure either way.
 */
export function nested(kind: string, field: string, v: unknown): unknown {
	if (typeof v !== 'string') return v;
	const s = v.trim();
	if (!(s.startsWith('{') || s.startsWith('['))) return v;
	if (s.length > LIMITS.maxJsonStringChars) {
		throw new NormalizeError(kind, field, 'too_large', `${field} is a JSON string over ${LIMITS.maxJsonStringChars} characters`);
	}
	try {
		return JSON.parse(s) as unknown;
	} catch {
		throw new NormalizeError(kind, field, 'invalid', `${field} looks like JSON but does not parse`);
	}
}

export function requireRecord(kind: string, field: string, v: unknown): Rec {
	const n = nested(kind, field, v);
	if (n === undefined || n === null || n === '') {
		throw new NormalizeError(kind, field, 'missing', `${field} is missing`);
	}
	if (!isRecord(n)) {
		throw new NormalizeError(kind, field, 'invalid', `${field} must be an object, got ${typeName(n)}`);
	}
	return n;
}

export function optionalRecord(kind: string, field: string, v: unknown): Rec | undefined {
	const n = nested(kind, field, v);
	if (n === undefined || n === null || n === '') return undefined;
	if (!isRecord(n)) {
		throw new NormalizeError(kind, field, 'invalid', `${field} must be an object, got ${typeName(n)}`);
	}
	return n;
}

// Unexpanded macros are what senders emit when a variable does not apply (a recovery-only
// macro in a problem message, a SolarWinds variable on the wrong object type): treat as absent.
const PLACEHOLDER = [
	/^\$[A-Z][A-Z0-9_.]*\$$/i, // Nagios/Icinga $HOSTNAME$
	/^\{[A-Z#][A-Z0-9_.#]*\}$/, // Zabbix {EVENT.ID}
	/^\$\{.*\}$/s, // SolarWinds ${N=SwisEntity;M=Caption}
	/^\*UNKNOWN\*$/ // Zabbix unresolvable macro
];

export function isPlaceholder(s: string): boolean {
	// Every placeholder starts with $, { or * (most values do not: no pattern is tried).
	const c = s.charCodeAt(0);
	if (c !== 36 && c !== 123 && c !== 42) return false;
	return PLACEHOLDER.some((re) => re.test(s));
}

/**
 * A scalar field as trimmed text; undefined when absent, null, empty or an unexpanded macro.
 * Numbers and booleans are accepted (JSON senders are loose); objects and arrays are not.
 */
export function scalar(kind: string, field: string, v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	let s: string;
	if (typeof v === 'string') s = v.trim();
	else if (typeof v === 'number') {
		if (!Number.isFinite(v)) {
			throw new NormalizeError(kind, field, 'invalid', `${field} must be a finite number or a string`);
		}
		s = String(v);
	} else if (typeof v === 'boolean') s = String(v);
	else {
		throw new NormalizeError(kind, field, 'invalid', `${field} must be a string, got ${typeName(v)}`);
	}
	if (s === '' || isPlaceholder(s)) return undefined;
	return s;
}

/**
 * A record read through a key canonicaliser (case, separators, prefixes), so `HOSTNAME`,
 * `NAGIOS_HOSTNAME`, `host_name` and `host.name` can all land on one name. When several raw
 * keys share a canonical name, the first non-empty value wins (in body order).
 */
export class FieldBag {
	private readonly byCanon = new Map<string, [rawKey: string, value: unknown][]>();

	constructor(
		readonly kind: string,
		rec: Rec,
		canon: (rawKey: string) => string
	) {
		for (const rawKey of Object.keys(rec)) {
			// No field name is that long; canonicalising a 1 MiB key would only cost time.
			if (rawKey.length > 200) continue;
			const c = canon(rawKey);
			if (c === '') continue;
			const list = this.byCanon.get(c);
			const entry: [string, unknown] = [rawKey, rec[rawKey]];
			if (list) list.push(entry);
			else this.byCanon.set(c, [entry]);
		}
	}

	has(name: string): boolean {
		return this.byCanon.has(name);
	}

	/** First non-empty scalar under any of `names`. */
	get(...names: string[]): string | undefined {
		for (const name of names) {
			for (const [rawKey, value] of this.byCanon.get(name) ?? []) {
				const s = scalar(this.kind, rawKey, value);
				if (s !== undefined) return s;
			}
		}
		return undefined;
	}

	require(label: string, ...names: string[]): string {
		const s = this.get(...names);
		if (s === undefined) {
			throw new NormalizeError(this.kind, label, 'missing', `${label} is missing (looked for ${names.join(', ')})`);
		}
		return s;
	}

	/** Raw (unconverted) value under a canonical name, for nested structures. */
	raw(name: string): [rawKey: string, value: unknown] | undefined {
		return this.byCanon.get(name)?.[0];
	}
}

/** Dedup key parts joined by `|`; `%` and `|` inside a part are escaped so keys cannot collide. */
export function makeKey(...parts: string[]): string {
	return parts.map((p) => p.replace(/%/g, '%25').replace(/\|/g, '%7C')).join('|');
}

export function ipOf(s: string | undefined): string | undefined {
	if (s === undefined) return undefined;
	return isIP(s) ? s : undefined;
}

/** `10.0.0.1:9100` → `10.0.0.1`, `[::1]:9100` → `::1`, `https://a.example/x` → `a.example`. */
export function hostOfInstance(s: string | undefined): string | undefined {
	if (s === undefined) return undefined;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
		try {
			const h = new URL(s).hostname.replace(/^\[|\]$/g, '');
			return h === '' ? undefined : h;
		} catch {
			return undefined;
		}
	}
	if (isIP(s)) return s;
	const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
	if (bracket) return bracket[1];
	const hostPort = /^([^:/\s]+):\d+$/.exec(s);
	if (hostPort) return hostPort[1];
	return s;
}

const MIN_MS = Date.UTC(1971, 0, 1); // Alertmanager's "0001-01-01T00:00:00Z" means "not set"
const MAX_MS = Date.UTC(9999, 11, 31);

function isoFromMs(ms: number): string | undefined {
	if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
	return new Date(ms).toISOString();
}

/**
 * An unambiguous instant: unix seconds (or ms when ≥ 1e12), or ISO-8601 with an explicit
 * zone. Zone-less local strings ("5/14/2026 3:04 AM") are dropped: guessing a zone is worse
 * than letting the caller use the receive time. Unparseable times are dropped, not fatal.
 */
export function instant(s: string | undefined): string | undefined {
	if (s === undefined) return undefined;
	if (/^\d{1,16}(\.\d+)?$/.test(s)) {
		const n = Number(s);
		return isoFromMs(n >= 1e12 ? n : n * 1000);
	}
	if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
		return isoFromMs(Date.parse(s.replace(' ', 'T')));
	}
	return undefined;
}

/**
 * `s` without the trailing run of `ch`. Not `/ch+$/`: V8 retries that at every start position of
 * the run, so a long run not at the end costs O(n²) (a 200 KB body of slashes held the thread 25 s).
 */
export function trimEnd(s: string, ch: string): string {
	let end = s.length;
	while (end > 0 && s[end - 1] === ch) end--;
	return end === s.length ? s : s.slice(0, end);
}

export function uniq(values: (string | undefined)[]): string[] {
	const out: string[] = [];
	for (const v of values) if (v !== undefined && v !== '' && !out.includes(v)) out.push(v);
	return out;
}

export function httpLinks(values: (string | undefined)[]): string[] {
	return uniq(values.filter((v) => v !== undefined && /^https?:\/\/\S+$/i.test(v)));
}

export function truthy(s: string | undefined): boolean {
	return s !== undefined && /^(1|true|yes|y|on)$/i.test(s);
}
