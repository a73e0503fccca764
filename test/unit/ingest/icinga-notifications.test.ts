import { describe, expect, it } from 'vitest';
import { normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectNormalizeError, expectValid, icingaFlatEvent, icingaNotificationRequest } from './factories.ts';

const TYPES: [type: string, severity: string | undefined, action: string][] = [
	['state', 'crit', 'open'],
	['state', 'warning', 'open'],
	['state', 'ok', 'resolve'],
	['acknowledgement-set', undefined, 'ack'],
	['acknowledgement-cleared', undefined, 'update'],
	['custom', undefined, 'update'],
	['downtime-start', undefined, 'maint_start'],
	['downtime-end', undefined, 'maint_end'],
	['downtime-removed', undefined, 'maint_end'],
	['flapping-start', undefined, 'flap_start'],
	['flapping-end', undefined, 'flap_stop'],
	['incident-age', 'crit', 'update'],
	['mute', undefined, 'update'],
	['unmute', undefined, 'update']
];
const SHAPES = ['request', 'flat'] as const;
const body = (shape: (typeof SHAPES)[number], ev: Record<string, unknown>) => (shape === 'request' ? icingaNotificationRequest({ event: ev }) : icingaFlatEvent(ev));

describe('icinga notifications event types', () => {
	const rows = TYPES.flatMap(([type, severity, action]) => SHAPES.flatMap((shape) => ENCODINGS.map((enc) => ({ type, severity, action, shape, enc }))));
	it.each(rows)('$type/$severity as $shape ($enc) → $action', ({ type, severity, action, shape, enc }) => {
		const [a] = expectValid(normalize('icinga', encode(enc, body(shape, { type, severity }))));
		expect(a).toMatchObject({ kind: 'icinga', host: 'web02', service: 'HTTP', action });
	});
});

describe('icinga notifications fields', () => {
	it.each([
		['emerg', 'critical'],
		['alert', 'critical'],
		['crit', 'critical'],
		['err', 'major'],
		['warning', 'warning'],
		['notice', 'info'],
		['info', 'info'],
		['debug', 'info'],
		['ok', 'info']
	])('severity %s → %s', (sev, expected) => {
		expect(normalize('icinga', icingaFlatEvent({ severity: sev }))[0].severity).toBe(expected);
	});

	it('NotificationRequest: incident id keys the alert, links and time are kept', () => {
		const [a] = normalize('icinga', icingaNotificationRequest());
		expect(a).toMatchObject({
			dedupKey: 'web02|HTTP|incident-4242',
			state: 'crit',
			text: 'HTTP CRITICAL - 503 Service Unavailable',
			occurredAt: '2026-05-14T01:04:12.123Z',
			links: ['https://icinga.example.com/icingadb/service?name=HTTP&host.name=web02', 'https://icinga.example.com/notifications/incident?id=4242']
		});
	});
	it('the ok event of an incident has the same key as its problem', () => {
		const problem = normalize('icinga', icingaNotificationRequest())[0];
		const ok = normalize('icinga', icingaNotificationRequest({ event: { severity: 'ok', message: 'HTTP OK' } }))[0];
		expect(ok).toMatchObject({ action: 'resolve', dedupKey: problem.dedupKey });
	});
	it('flat event without incident keys host|service; a host object has service null', () => {
		expect(normalize('icinga', icingaFlatEvent())[0].dedupKey).toBe('web02|HTTP');
		const [h] = normalize('icinga', icingaFlatEvent({ tags: { host: 'web02' }, severity: 'crit' }));
		expect(h).toMatchObject({ service: null, dedupKey: 'web02|' });
	});
	it('acknowledgement carries username and message as author and comment', () => {
		const [a] = normalize('icinga', icingaNotificationRequest({ event: { type: 'acknowledgement-set', severity: undefined, username: 'icingaadmin', message: 'looking' } }));
		expect(a).toMatchObject({ action: 'ack', author: 'icingaadmin', comment: 'looking' });
	});
	it('a flat event with severity but no type is a state event', () => {
		const { type: _t, ...b } = icingaFlatEvent({ severity: 'crit' });
		expect(normalize('icinga', b)[0].action).toBe('open');
	});
	it('extra_tags.address becomes identity and ip', () => {
		const [a] = normalize('icinga', icingaFlatEvent({ extra_tags: { address: '192.0.2.10' } }));
		expect(a).toMatchObject({ ip: '192.0.2.10', identities: ['web02', '192.0.2.10'] });
	});
	it.each([
		['no tags', icingaFlatEvent({ tags: undefined }), 'tags', 'missing'],
		['no tags.host', icingaFlatEvent({ tags: { service: 'x' } }), 'tags.host', 'missing'],
		['object.tags.host missing', icingaNotificationRequest({ object: { tags: {} } }), 'object.tags.host', 'missing'],
		['tags is an array', icingaFlatEvent({ tags: ['web02'] }), 'tags', 'invalid'],
		['event is a number', { ...icingaNotificationRequest(), event: 5 }, 'event', 'invalid'],
		['unknown type', icingaFlatEvent({ type: 'explode' }), 'type', 'unsupported'],
		['state without severity', icingaFlatEvent({ severity: undefined }), 'severity', 'missing'],
		['unknown severity', icingaFlatEvent({ severity: 'spicy' }), 'severity', 'invalid'],
		['no type and no severity', icingaFlatEvent({ type: undefined, severity: undefined }), 'type', 'missing'],
		['tags form string is broken JSON', { ...encodeFlat(), tags: '{"host":' }, 'tags', 'invalid']
	])('%s → NormalizeError', (_n, b, field, problem) => {
		expectNormalizeError(() => normalize('icinga', b), field, problem);
	});
});

function encodeFlat(): Record<string, unknown> {
	return encode('form', icingaFlatEvent());
}
