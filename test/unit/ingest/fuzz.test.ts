// Property: for any body, normalize() returns a schema-valid array or throws NormalizeError
// (and not a wrapped internal error). Bodies are the real fixtures and the factory bodies of
// every format, mutated: keys dropped/renamed/added, values retyped, junk nested, subtrees
// turned into (broken) JSON strings, arrays blown past the limit. Seeded, so reproducible.
import { describe, expect, it } from 'vitest';
import { KINDS, NormalizeError, normalize, normalizedAlertSchema } from '../../../ingest/normalize/index.ts';
import * as F from './factories.ts';

type Json = unknown;

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const CORPUS: [kind: string, body: Record<string, unknown> | unknown[]][] = [
	['alertmanager', F.fixture('alertmanager_firing.json')],
	['alertmanager', F.fixture('alertmanager_resolved.json')],
	['nagios', F.fixture('nagios_service_acknowledgement.json')],
	['nagios', F.fixture('nagios_service_problem.json')],
	['nagios', F.fixture('nagios_service_recovery.json')],
	['solarwinds', F.fixture('solarwinds_reset.json')],
	['solarwinds', F.fixture('solarwinds_trigger.json')],
	['nagios', F.nagiosHost()],
	['nagios', F.withPrefix('NAGIOS_', F.nagiosService())],
	['nagios', F.nagiosSnake()],
	['icinga', F.withPrefix('ICINGA_', F.nagiosService({ NOTIFICATIONTYPE: 'FlappingEnd' }))],
	['icinga', F.icingaNotificationRequest()],
	['icinga', F.icingaFlatEvent()],
	['solarwinds', F.solarwinds()],
	['alertmanager', F.amBody([F.amAlert(), F.amAlert({ status: 'resolved', fingerprint: 'x' })])],
	['grafana', F.grafanaBody([F.grafanaAlert()])],
	['zabbix', F.zabbixDotted()],
	['zabbix', F.zabbixUnderscore({ event_update_status: 1, event_update_action: 'acknowledged' })],
	['generic', F.generic()],
	['generic', [F.generic(), F.generic({ status: 'ok' })]]
];
for (const [kind, body] of [...CORPUS]) if (!Array.isArray(body)) CORPUS.push([kind, F.toForm(body)]);

const WORDS = ['PROBLEM', 'RECOVERY', 'firing', 'resolved', 'OK', 'CRITICAL', 'SOFT', 'HARD', '0', '1', '-1', '5', '99', '$HOSTNAME$', '{EVENT.ID}', '${N=x}', '*UNKNOWN*', 'Critical', 'Create', 'Resolve', 'state', 'ok', 'crit', 'acknowledgement-set', 'true', 'null', '[', '{', '{"a":', '[1,2', '{"alerts":[{}]}', '[{"status":"firing"}]', '{"host":{"a":[]}}', 'constructor', '__proto__', 'toString', '10.0.0.1:80', '[::1]:9', 'http://', 'https://x', '0001-01-01T00:00:00Z', '9999999999999999', '2026-05-14T03:00:00Z', ' ', '\u0000', '😀', 'a|b%c'];
const KEYS = ['HOSTNAME', 'NOTIFICATIONTYPE', 'SERVICESTATE', 'SERVICEDESC', 'alerts', 'status', 'fingerprint', 'labels', 'payload', 'tags', 'event', 'object', 'incident', 'EVENT.ID', 'event_value', 'AlertObjectID', 'host', 'service', 'links', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nagios_', 'NAGIOS_HOSTNAME', 'state', 'severity', 'type'];

class Mutator {
	constructor(private readonly rnd: () => number) {}
	int(n: number): number {
		return Math.floor(this.rnd() * n);
	}
	pick<T>(xs: readonly T[]): T {
		return xs[this.int(xs.length)];
	}
	randomString(): string {
		const len = this.int(this.rnd() < 0.05 ? 5000 : 20);
		let s = '';
		for (let i = 0; i < len; i++) s += String.fromCharCode(this.rnd() < 0.9 ? 32 + this.int(95) : this.int(0x3000));
		return s;
	}
	junk(depth = 0): Json {
		const r = this.int(14);
		if (depth > 3 && r > 8) return null;
		switch (r) {
			case 0: return null;
			case 1: return undefined;
			case 2: return this.pick([0, -0, 1, -1, 1.5, 1e308, -1e308, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1]);
			case 3: return this.rnd() < 0.5;
			case 4: return this.pick(WORDS);
			case 5: return this.randomString();
			case 6: return [];
			case 7: return {};
			case 8: return Array.from({ length: this.int(4) }, () => this.junk(depth + 1));
			case 9: return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.pick(KEYS), this.junk(depth + 1)]));
			case 10: return this.deep(1 + this.int(300));
			case 11: return JSON.stringify(this.junk(depth + 1) ?? null);
			case 12: return this.pick(WORDS) + this.randomString();
			default: return String(this.int(100000));
		}
	}
	deep(n: number): Json {
		let v: Json = this.pick(WORDS);
		for (let i = 0; i < n; i++) v = this.rnd() < 0.5 ? [v] : { [this.pick(KEYS)]: v };
		return v;
	}
	/** A random container inside `root` (an object or array), walking down a few levels. */
	container(root: Json): Record<string, unknown> | unknown[] | undefined {
		let cur = root;
		const steps = this.int(4);
		for (let i = 0; i < steps; i++) {
			const kids = isContainer(cur) ? Object.values(cur).filter(isContainer) : [];
			if (kids.length === 0) break;
			cur = this.pick(kids);
		}
		return isContainer(cur) ? cur : undefined;
	}
	mutate(root: Json): Json {
		if (this.rnd() < 0.03) return this.junk();
		const c = this.container(root);
		if (c === undefined) return root;
		const keys = Object.keys(c);
		const key = keys.length > 0 ? this.pick(keys) : this.pick(KEYS);
		const set = (k: string, v: unknown) => Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true });
		const op = this.int(11);
		switch (op) {
			case 0: // drop
				if (Array.isArray(c)) removeAt(c, Number(key));
				else delete c[key];
				break;
			case 1: // retype to junk
				set(key, this.junk());
				break;
			case 2: // rename (case, prefix, separator)
				if (!Array.isArray(c) && key in c) {
					const v = c[key];
					delete c[key];
					set(this.pick([key.toLowerCase(), key.toUpperCase(), `NAGIOS_${key}`, `icinga.${key}`, key.replace(/[._]/g, ''), `{${key}}`, `${key} `]), v);
				}
				break;
			case 3: // add a junk key, prototype-looking ones included
				set(this.pick([...KEYS, '__proto__', this.randomString()]), this.junk());
				break;
			case 4: // subtree → JSON string (form-style), sometimes broken
				{
					const v = (c as Record<string, unknown>)[key];
					if (v !== undefined) {
						const s = JSON.stringify(v) ?? 'null';
						set(key, this.rnd() < 0.3 ? s.slice(0, this.int(s.length + 1)) : s);
					}
				}
				break;
			case 5: // number ↔ string
				{
					const v = (c as Record<string, unknown>)[key];
					set(key, typeof v === 'string' ? Number(v) : typeof v === 'number' ? String(v) : v);
				}
				break;
			case 6: // random word where a value was
				set(key, this.pick(WORDS));
				break;
			case 7: // blow an array past the limit (rarely: it is slow-ish)
				if (Array.isArray(c) && c.length > 0 && this.rnd() < 0.2) {
					const n = 1001 + this.int(50);
					const first = c[0];
					for (let i = c.length; i < n; i++) c.push(first);
				} else set(key, this.deep(50 + this.int(1000)));
				break;
			case 8: // wrap value in an array / object
				set(key, this.rnd() < 0.5 ? [(c as Record<string, unknown>)[key]] : { value: (c as Record<string, unknown>)[key] });
				break;
			case 9: // empty the container
				for (const k of keys) delete (c as Record<string, unknown>)[k];
				break;
			default: // empty string
				set(key, '');
		}
		return root;
	}
}

// Not splice: a mutated array may carry an own `constructor` key, which splice would call.
function removeAt(arr: unknown[], idx: number): void {
	if (!Number.isInteger(idx) || idx < 0 || idx >= arr.length) return;
	for (let i = idx; i < arr.length - 1; i++) arr[i] = arr[i + 1];
	arr.length -= 1;
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
	return typeof v === 'object' && v !== null;
}

function clone<T>(v: T): T {
	return structuredClone(v);
}

function describeBody(b: unknown): string {
	try {
		const s = JSON.stringify(b);
		return s === undefined ? String(b) : s.slice(0, 400);
	} catch {
		return '[unserialisable]';
	}
}

const SEEDS = Array.from({ length: 12 }, (_, i) => 0x5eed + i * 7919);
const PER_SEED = 1000;

describe('fuzz: normalize returns valid alerts or throws NormalizeError', () => {
	it.each(SEEDS)(`seed %i × ${PER_SEED} mutated bodies`, (seed) => {
		const rnd = mulberry32(seed);
		const m = new Mutator(rnd);
		const failures: string[] = [];
		const totals = { ok: 0, rejected: 0 };
		for (let i = 0; i < PER_SEED; i++) {
			const [ownKind, base] = m.pick(CORPUS);
			let body: Json = clone(base);
			const rounds = 1 + m.int(4);
			for (let r = 0; r < rounds; r++) body = m.mutate(body);
			const kind = rnd() < 0.8 ? ownKind : m.pick(KINDS);
			try {
				const out = normalize(kind, body);
				if (!Array.isArray(out)) failures.push(`#${i} ${kind}: returned ${typeof out}`);
				else
					for (const a of out) {
						const r = normalizedAlertSchema.safeParse(a);
						if (!r.success) failures.push(`#${i} ${kind}: invalid alert ${r.error.message.slice(0, 300)} from ${describeBody(body)}`);
					}
				totals.ok++;
			} catch (err) {
				totals.rejected++;
				if (!(err instanceof NormalizeError)) failures.push(`#${i} ${kind}: threw ${String(err)} on ${describeBody(body)}`);
				else if (err.cause !== undefined) failures.push(`#${i} ${kind}: internal error ${String(err.cause)} on ${describeBody(body)}`);
				else if (err.field === '' || err.message === '') failures.push(`#${i} ${kind}: NormalizeError without field/message`);
			}
		}
		expect(failures.slice(0, 5)).toEqual([]);
		// Both outcomes must be exercised, or the property says little.
		expect(totals.ok + totals.rejected).toBe(PER_SEED);
		expect(totals.ok).toBeGreaterThan(PER_SEED / 10);
		expect(totals.rejected).toBeGreaterThan(PER_SEED / 10);
	});
});
