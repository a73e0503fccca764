import { describe, expect, it } from 'vitest';
import { ACTIONS, normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectNormalizeError, expectValid, generic } from './factories.ts';

const STATUS_WORDS: [string, string][] = [
	...ACTIONS.map((a) => [a, a] as [string, string]),
	['firing', 'open'],
	['PROBLEM', 'open'],
	['triggered', 'open'],
	['ok', 'resolve'],
	['resolved', 'resolve'],
	['Recovery', 'resolve'],
	['acknowledged', 'ack'],
	['flapping-start', 'flap_start'],
	['flapping_end', 'flap_stop'],
	['downtime-start', 'maint_start'],
	['maintenance_end', 'maint_end'],
	['comment', 'update']
];

describe('generic status words', () => {
	const rows = STATUS_WORDS.flatMap(([status, action]) => ENCODINGS.map((enc) => ({ status, action, enc })));
	it.each(rows)('$status ($enc) → $action', ({ status, action, enc }) => {
		const [a] = expectValid(normalize('generic', encode(enc, generic({ status }))));
		expect(a).toMatchObject({ kind: 'generic', action, host: 'batch01', service: 'nightly-export', dedupKey: 'export-2026-05-14', state: status });
	});
	it('`action` is an alias of `status`', () => {
		const { status: _s, ...b } = generic();
		expect(normalize('generic', { ...b, action: 'resolve' })[0].action).toBe('resolve');
	});
});

describe('generic fields', () => {
	it.each([
		['critical', 'critical'],
		['major', 'major'],
		['minor', 'minor'],
		['warning', 'warning'],
		['info', 'info'],
		['High', 'major'],
		['P1', 'critical'],
		['error', 'major'],
		[undefined, 'warning']
	])('severity %s → %s', (severity, expected) => {
		expect(normalize('generic', generic({ severity }))[0].severity).toBe(expected);
	});
	it.each(ENCODINGS)('full body (%s)', (enc) => {
		const body = generic({ author: 'cron', comment: 'third failure', ip: '10.8.8.8', links: ['https://wiki.example.com/export'] });
		const [a] = normalize('generic', encode(enc, body));
		expect(a).toEqual({
			kind: 'generic',
			host: 'batch01',
			service: 'nightly-export',
			action: 'open',
			severity: 'major',
			state: 'firing',
			dedupKey: 'export-2026-05-14',
			text: 'export job failed: exit 3',
			author: 'cron',
			comment: 'third failure',
			links: ['https://jenkins.example.com/job/export/812/', 'https://wiki.example.com/export'],
			occurredAt: '2026-05-14T02:00:00.000Z',
			ip: '10.8.8.8',
			identities: ['batch01', '10.8.8.8']
		});
	});
	it('form links may be space or comma separated', () => {
		const [a] = normalize('generic', { host: 'h', status: 'open', links: 'https://a.example.com/1, https://b.example.com/2' });
		expect(a.links).toEqual(['https://a.example.com/1', 'https://b.example.com/2']);
	});
	it('without id the key is host|service; without service it is a host check', () => {
		expect(normalize('generic', { host: 'h', service: 's', status: 'open' })[0].dedupKey).toBe('h|s');
		expect(normalize('generic', { host: 'h', status: 'open' })[0]).toMatchObject({ dedupKey: 'h|', service: null, text: 'open: h' });
	});
	it('accepts an array and an {alerts: [...]} wrapper', () => {
		const two = [generic({ id: 'a' }), generic({ id: 'b', status: 'ok' })];
		expect(normalize('generic', two).map((a) => [a.dedupKey, a.action])).toEqual([
			['a', 'open'],
			['b', 'resolve']
		]);
		expect(normalize('generic', { alerts: two })).toEqual(normalize('generic', two));
	});
	it('unix timestamps in seconds and milliseconds', () => {
		expect(normalize('generic', generic({ timestamp: 1778727852 }))[0].occurredAt).toBe('2026-05-14T03:04:12.000Z');
		expect(normalize('generic', generic({ timestamp: '1778727852000' }))[0].occurredAt).toBe('2026-05-14T03:04:12.000Z');
		expect(normalize('generic', generic({ timestamp: 'yesterday' }))[0].occurredAt).toBeUndefined();
	});
	it.each([
		['no host', generic({ host: undefined }), 'host', 'missing'],
		['no status', generic({ status: undefined }), 'status', 'missing'],
		['unknown status', generic({ status: 'sideways' }), 'status', 'unsupported'],
		['unknown severity', generic({ severity: 'spicy' }), 'severity', 'invalid'],
		['links not an array', generic({ links: { a: 1 } }), 'links', 'invalid'],
		['link not a string', generic({ links: [1] }), 'links[0]', 'invalid'],
		['array item not an object', [generic(), 'x'], '[1]', 'invalid'],
		['second array item without host', [generic(), generic({ host: undefined })], '[1].host', 'missing'],
		['too many', Array.from({ length: 1001 }, () => generic()), 'body', 'too_large']
	])('%s → NormalizeError', (_n, b, field, problem) => {
		expectNormalizeError(() => normalize('generic', b), field, problem);
	});
});
