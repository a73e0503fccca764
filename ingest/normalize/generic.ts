// The `generic` kind: a small documented JSON (or form) body for scripts and tools without
// a native format. One object, or an array of them (at most LIMITS.maxAlerts):
//
//   { "host": "db01",                  required (alias: hostname)
//     "service": "postgres",           optional; absent = host check (alias: check, entity)
//     "status": "open",                required (alias: action, event): an action name or a
//                                      common word: firing/problem/trigger → open,
//                                      ok/resolved/recovery/clear → resolve, ack…
//     "severity": "major",             optional, default warning; critical|major|minor|warning|
//                                      info or a common word (high, p1, error…); unknown = 400
//     "id": "db01-replication",        optional dedup key (alias: dedup_key); default host|service
//     "message": "replica lag 300s",   optional (alias: text, summary)
//     "author": "...", "comment": "...", "ip": "10.0.0.5",
//     "url": "https://…" | "links": ["https://…"] (form: space/comma separated),
//     "timestamp": 1778727852 | "2026-05-14T03:04:12Z" }
import { FieldBag, httpLinks, instant, ipOf, isRecord, makeKey, nested, own, type Rec, typeName, uniq } from './fields.ts';
import { severityFromWord } from './severity.ts';
import { ACTIONS, LIMITS, type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const KIND = 'generic';
const canon = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

const WORDS: Record<string, Action> = {};
const put = (a: Action, words: string[]) => words.forEach((w) => (WORDS[w] = a));
for (const a of ACTIONS) WORDS[a.replace(/_/g, '')] = a;
put('open', ['opened', 'new', 'firing', 'problem', 'alert', 'alerting', 'trigger', 'triggered', 'down', 'create']);
put('update', ['updated', 'comment', 'note', 'custom']);
put('ack', ['acknowledge', 'acknowledged', 'acknowledgement']);
put('resolve', ['resolved', 'recovery', 'recovered', 'ok', 'clear', 'cleared', 'close', 'closed', 'up']);
put('flap_start', ['flappingstart', 'flapstarted']);
put('flap_stop', ['flapstop', 'flappingstop', 'flappingend', 'flapend']);
put('maint_start', ['maintenancestart', 'downtimestart']);
put('maint_end', ['maintenanceend', 'downtimeend', 'downtimecancelled']);

export function normalizeGeneric(body: unknown): NormalizedAlert[] {
	if (Array.isArray(body)) {
		if (body.length > LIMITS.maxAlerts) {
			throw new NormalizeError(KIND, 'body', 'too_large', `body has ${body.length} alerts, more than ${LIMITS.maxAlerts}`);
		}
		return Array.from(body, (item, i) => one(`[${i}]`, item));
	}
	return [one('', body)];
}

function one(path: string, raw: unknown): NormalizedAlert {
	if (!isRecord(raw)) {
		throw new NormalizeError(KIND, path || 'body', 'invalid', `${path || 'body'} must be an object, got ${typeName(raw)}`);
	}
	const f = new FieldBag(KIND, raw, canon);
	const at = (name: string) => (path ? `${path}.${name}` : name);
	const req = (label: string, ...names: string[]) => {
		const v = f.get(...names);
		if (v === undefined) throw new NormalizeError(KIND, at(label), 'missing', `${at(label)} is missing`);
		return v;
	};

	const host = req('host', 'host', 'hostname');
	const service = f.get('service', 'check', 'entity') ?? null;
	const statusRaw = req('status', 'status', 'action', 'event');
	const sk = statusRaw.length > 64 ? '' : statusRaw.toLowerCase().replace(/[^a-z]/g, '');
	if (!Object.hasOwn(WORDS, sk)) {
		throw new NormalizeError(KIND, at('status'), 'unsupported', `${at('status')} "${statusRaw}" is not one of ${ACTIONS.join(', ')} (or firing, resolved, ok…)`);
	}
	const action = WORDS[sk];

	const sevRaw = f.get('severity', 'priority');
	let severity: Severity = 'warning';
	if (sevRaw !== undefined) {
		const s = severityFromWord(sevRaw);
		if (s === undefined) {
			throw new NormalizeError(KIND, at('severity'), 'invalid', `${at('severity')} "${sevRaw}" is not critical, major, minor, warning or info`);
		}
		severity = s;
	}

	let links: string[] = [];
	const rawLinks = f.raw('links');
	if (rawLinks !== undefined) {
		const v = nested(KIND, at(rawLinks[0]), rawLinks[1]);
		if (typeof v === 'string') links = v.split(/[\s,]+/);
		else if (Array.isArray(v)) {
			if (v.length > 100) throw new NormalizeError(KIND, at('links'), 'too_large', `${at('links')} has more than 100 entries`);
			links = Array.from(v, (x, i) => {
				if (typeof x !== 'string') throw new NormalizeError(KIND, at(`links[${i}]`), 'invalid', `${at(`links[${i}]`)} must be a string, got ${typeName(x)}`);
				return x;
			});
		} else if (v !== undefined && v !== null) {
			throw new NormalizeError(KIND, at('links'), 'invalid', `${at('links')} must be an array of URLs, got ${typeName(v)}`);
		}
	}

	const ipRaw = f.get('ip', 'address');
	const alert: NormalizedAlert = {
		kind: KIND,
		host,
		service,
		action,
		severity,
		state: statusRaw,
		dedupKey: f.get('id', 'dedupkey', 'key') ?? makeKey(host, service ?? ''),
		text: f.get('message', 'text', 'summary') ?? `${statusRaw}: ${host}${service === null ? '' : `/${service}`}`,
		links: httpLinks([f.get('url', 'link'), ...links]),
		identities: uniq([host, f.get('fqdn'), ipRaw])
	};
	const author = f.get('author', 'user');
	if (author !== undefined) alert.author = author;
	const comment = f.get('comment', 'note');
	if (comment !== undefined) alert.comment = comment;
	const occurredAt = instant(f.get('timestamp', 'occurredat', 'time'));
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = ipOf(ipRaw);
	if (ip !== undefined) alert.ip = ip;
	return alert;
}
