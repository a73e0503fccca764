// Regular expressions on request data must run in linear time. Every string field (and an extra
// key) of a body of each format is replaced by a ~1 MiB adversarial string (long runs of what a
// pattern trims, repeats or backtracks over), and the accept path (parse + normalise) plus the
// processing rules (category, title, healthy state) must finish in under 50 ms. Before the fix,
// ZABBIX.URL = "/" × 200 KB + "x" held the thread 25 s (`/\/+$/` is quadratic in V8).
import { describe, expect, it } from 'vitest';
import { normalize, type NormalizedAlert } from '../../../ingest/normalize/index.ts';
import { parseBody, pgSafeDeep } from '../../../src/lib/server/monitoring/parse.ts';
import { categoryFor, isHealthyState, titleFor } from '../../../src/lib/server/monitoring/rules.ts';
import * as F from './factories.ts';

const N = 1_000_000; // the webhook body limit is 1 MiB (MAX_BODY_BYTES)
const LIMIT_MS = 50;

/** Runs that make backtracking patterns retry at every position, each ending in a mismatch. */
const ADVERSARIAL: [name: string, make: () => string][] = [
	['slashes', () => '/'.repeat(N) + 'x'],
	['spaces', () => ' '.repeat(N) + 'x'],
	['separators', () => '_- '.repeat(N / 3) + 'x'],
	['brace', () => '{' + 'A'.repeat(N) + ')'],
	['dollar-brace', () => '${' + 'a'.repeat(N)],
	['digits', () => '1'.repeat(N) + 'x'],
	['host-port', () => 'a'.repeat(N) + ':1x'],
	['bracket', () => '[' + 'a'.repeat(N) + ']:'],
	['url', () => 'http://' + 'a'.repeat(N) + ' '],
	['words', () => 'saturat'.repeat(N / 7)],
	['pluses', () => '+'.repeat(N)],
	['nul', () => '\u0000'.repeat(N / 6)], // escaped in JSON as \u0000: 6 bytes each
	['surrogates', () => '😀'.repeat(N / 4)]
];

const BODIES: [kind: string, body: Record<string, unknown>][] = [
	['nagios', F.nagiosService()],
	['icinga', F.icingaNotificationRequest()],
	['solarwinds', F.solarwinds()],
	['alertmanager', F.amBody([F.amAlert()])],
	['grafana', F.grafanaBody([F.grafanaAlert()])],
	['zabbix', F.zabbixDotted()],
	['generic', F.generic()]
];

const FORM_KINDS = new Set(['nagios', 'solarwinds', 'zabbix']);

type Path = (string | number)[];

/** Every scalar leaf under the body (nested objects and arrays included). */
function leaves(v: unknown, at: Path = []): Path[] {
	if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...at, i]));
	if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]));
	return at.length ? [at] : [];
}

/** Every object in the body (where an extra key goes). */
function objects(v: unknown, at: Path = []): Path[] {
	if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, [...at, i]));
	if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => objects(x, [...at, k]))];
	return [];
}

function withAt(body: unknown, path: Path, f: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
	const copy = structuredClone(body) as Record<string | number, unknown>;
	let node = copy;
	for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
	f(node, path[path.length - 1]);
	return copy;
}

/**
 * The accept path (parse + normalise) and the processing rules: the CPU time they took. CPU, not
 * wall time: six agents share two cores here, and a quadratic path burns CPU whatever the load.
 */
function run(kind: string, contentType: string, text: string): number {
	const c0 = process.cpuUsage();
	let alerts: NormalizedAlert[] = [];
	try {
		alerts = pgSafeDeep(normalize(kind, parseBody(contentType, text)));
	} catch {
		/* a 4xx: only the time matters here */
	}
	for (const a of alerts) {
		categoryFor(a);
		titleFor(a);
		isHealthyState(a);
	}
	const c = process.cpuUsage(c0);
	return (c.user + c.system) / 1000;
}

/** Best of three: the machine is shared, one slow run is noise; a quadratic path is slow every time. */
function timed(kind: string, contentType: string, text: string): number {
	let best = Infinity;
	for (let i = 0; i < 3 && best >= LIMIT_MS; i++) best = Math.min(best, run(kind, contentType, text));
	return best;
}

/**
 * Over the limit: is it the patterns, or the machine? The same body of the same size with the
 * adversarial string replaced by as many plain letters under an unused key (`_pad`: parsing and
 * copying cost at least as much, no field rule reads it) is timed in turns with the adversarial body, five pairs, best of each. A
 * loaded CI machine slows both alike (a 1 MiB form body parses in 12–20 ms here when quiet, 55 ms
 * once under a full suite); a super-linear pattern takes seconds on 1 MiB and many times the
 * baseline. Slow only when both say so.
 */
function slowBeyondParsing(kind: string, contentType: string, text: string, baseline: string): string | null {
	let adv = Infinity;
	let base = Infinity;
	for (let i = 0; i < 5; i++) {
		adv = Math.min(adv, run(kind, contentType, text));
		base = Math.min(base, run(kind, contentType, baseline));
	}
	return adv >= LIMIT_MS && adv > 3 * base ? `${adv.toFixed(0)} ms (same-size body without the pattern: ${base.toFixed(0)} ms)` : null;
}

function check(kind: string, contentType: string, text: string, baseline: () => string): string | null {
	if (timed(kind, contentType, text) < LIMIT_MS) return null;
	return slowBeyondParsing(kind, contentType, text, baseline());
}

/** As a form body, cut at the body limit (a percent-encoded run is up to three times longer). */
function formText(body: Record<string, unknown>): string {
	return new URLSearchParams(F.toForm(body)).toString().slice(0, 1024 * 1024);
}

describe('no super-linear regular expression on webhook data', () => {
	for (const [kind, body] of BODIES) {
		it(`${kind}: ~1 MiB adversarial strings in every field stay under ${LIMIT_MS} ms`, () => {
			const slow: string[] = [];
			const strings = ADVERSARIAL.map(([name, make]) => [name, make()] as const);
			for (const path of leaves(body)) {
				for (const [name, s] of strings) {
					const b = withAt(body, path, (p, k) => (p[k] = s)) as Record<string, unknown>;
					const why = check(kind, 'application/json', JSON.stringify(b), () => JSON.stringify({ ...body, _pad: 'a'.repeat(s.length) }));
					if (why) slow.push(`${path.join('.')}=${name}: ${why}`);
				}
			}
			for (const path of objects(body)) {
				for (const [name, s] of strings) {
					const b = withAt({ root: body }, ['root', ...path, '_'], (p) => (p[s] = 'x')) as { root: Record<string, unknown> };
					const why = check(kind, 'application/json', JSON.stringify(b.root), () => JSON.stringify({ ...body, _pad: 'a'.repeat(s.length) }));
					if (why) slow.push(`key in ${path.join('.') || 'body'}=${name}: ${why}`);
				}
			}
			// Form bodies (the formats sent as forms): top-level values.
			if (!FORM_KINDS.has(kind)) return expect(slow).toEqual([]);
			for (const key of Object.keys(body)) {
				for (const [name, s] of strings) {
					const why = check(kind, 'application/x-www-form-urlencoded', formText({ ...body, [key]: s }), () => formText({ ...body, _pad: 'a'.repeat(s.length) }));
					if (why) slow.push(`form ${key}=${name}: ${why}`);
				}
			}
			expect(slow).toEqual([]);
		}, 300_000); // ~1,000 bodies of 1 MiB: 10–60 s on this shared machine
	}

	it('the Zabbix URL is still trimmed of its trailing slashes', () => {
		const [a] = normalize('zabbix', F.zabbixDotted({ 'ZABBIX.URL': 'https://zbx.example//', 'TRIGGER.ID': '42', 'EVENT.URL': undefined, 'TRIGGER.URL': undefined }));
		expect(a.links[0]).toMatch(/^https:\/\/zbx\.example\/tr_events\.php\?triggerid=42&eventid=/);
	});
});
