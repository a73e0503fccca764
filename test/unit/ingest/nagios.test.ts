import { describe, expect, it } from 'vitest';
import { normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectNormalizeError, expectValid, nagiosHost, nagiosService, nagiosSnake, withPrefix } from './factories.ts';

const TYPES: [string, string][] = [
	['PROBLEM', 'open'],
	['RECOVERY', 'resolve'],
	['ACKNOWLEDGEMENT', 'ack'],
	['FLAPPINGSTART', 'flap_start'],
	['FLAPPINGSTOP', 'flap_stop'],
	['FLAPPINGEND', 'flap_stop'],
	['FLAPPINGDISABLED', 'flap_stop'],
	['DOWNTIMESTART', 'maint_start'],
	['DOWNTIMEEND', 'maint_end'],
	['DOWNTIMECANCELLED', 'maint_end'],
	['DowntimeRemoved', 'maint_end'],
	['CUSTOM', 'update'],
	['FlappingStart', 'flap_start'],
	['Acknowledgement', 'ack']
];
const OBJECTS = ['service', 'host'] as const;
const build = (obj: (typeof OBJECTS)[number], over: Record<string, unknown>) => (obj === 'service' ? nagiosService(over) : nagiosHost(over));

describe.each(['nagios', 'icinga'])('%s notification types', (kind) => {
	const rows = TYPES.flatMap(([type, action]) => OBJECTS.flatMap((obj) => ENCODINGS.map((enc) => ({ type, action, obj, enc }))));
	it.each(rows)('$type on a $obj ($enc) → $action', ({ type, action, obj, enc }) => {
		const [a] = expectValid(normalize(kind, encode(enc, build(obj, { NOTIFICATIONTYPE: type }))));
		expect(a.action).toBe(action);
		expect(a.kind).toBe(kind);
		expect(a.service).toBe(obj === 'service' ? 'PostgreSQL' : null);
		expect(a.host).toBe(obj === 'service' ? 'db01' : 'sw-core-01');
	});
});

describe('nagios dedup keys', () => {
	it.each(ENCODINGS)('service problem keyed host|service|SERVICEPROBLEMID (%s)', (enc) => {
		expect(normalize('nagios', encode(enc, nagiosService()))[0].dedupKey).toBe('db01|PostgreSQL|777');
	});
	it.each(ENCODINGS)('service recovery with SERVICEPROBLEMID 0 uses LASTSERVICEPROBLEMID (%s)', (enc) => {
		const body = nagiosService({ NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 777 });
		expect(normalize('nagios', encode(enc, body))[0].dedupKey).toBe('db01|PostgreSQL|777');
	});
	it.each(ENCODINGS)('host recovery with HOSTPROBLEMID 0 uses LASTHOSTPROBLEMID (%s)', (enc) => {
		const body = nagiosHost({ NOTIFICATIONTYPE: 'RECOVERY', HOSTSTATE: 'UP', HOSTPROBLEMID: '0', LASTHOSTPROBLEMID: '555' });
		expect(normalize('nagios', encode(enc, body))[0]).toMatchObject({ dedupKey: 'sw-core-01||555', action: 'resolve', severity: 'info' });
	});
	it('host problem keyed host||HOSTPROBLEMID', () => {
		expect(normalize('nagios', nagiosHost())[0].dedupKey).toBe('sw-core-01||555');
	});
	it('a zero problem id outside a recovery does not borrow the last one', () => {
		const body = nagiosService({ NOTIFICATIONTYPE: 'DOWNTIMESTART', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0 });
		expect(normalize('nagios', body)[0].dedupKey).toBe('db01|PostgreSQL');
	});
	it('falls back to host|service without problem ids (Icinga 2 has none)', () => {
		const { SERVICEPROBLEMID: _a, LASTSERVICEPROBLEMID: _b, ...body } = nagiosService();
		const problem = normalize('icinga', body)[0];
		const recovery = normalize('icinga', { ...body, NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK' })[0];
		expect(problem.dedupKey).toBe('db01|PostgreSQL');
		expect(recovery.dedupKey).toBe(problem.dedupKey);
	});
	it('escapes | inside host and service so keys cannot collide', () => {
		const a = normalize('nagios', nagiosService({ HOSTNAME: 'a|b', SERVICEDESC: 'c' }))[0].dedupKey;
		const b = normalize('nagios', nagiosService({ HOSTNAME: 'a', SERVICEDESC: 'b|c' }))[0].dedupKey;
		expect(a).not.toBe(b);
	});
});

describe('nagios key spellings', () => {
	const base = nagiosService();
	const expected = normalize('nagios', base);
	const styles: [string, Record<string, unknown>][] = [
		['NAGIOS_ prefix', withPrefix('NAGIOS_', base)],
		['ICINGA_ prefix', withPrefix('ICINGA_', base)],
		['lower-case nagios_ prefix', withPrefix('nagios_', base)],
		['lower-case keys', Object.fromEntries(Object.entries(base).map(([k, v]) => [k.toLowerCase(), v]))]
	];
	it.each(styles.flatMap(([name, body]) => ENCODINGS.map((enc) => ({ name, body, enc }))))('$name ($enc) equals the bare macros', ({ body, enc }) => {
		expect(normalize('nagios', encode(enc, body))).toEqual(expected);
	});

	it.each(ENCODINGS)('inline-curl snake_case JSON (%s)', (enc) => {
		const [a] = expectValid(normalize('nagios', encode(enc, nagiosSnake())));
		expect(a).toMatchObject({ host: 'app02', service: 'Disk /var', action: 'open', severity: 'warning', state: 'WARNING', dedupKey: 'app02|Disk /var|9001', text: 'DISK WARNING - free space: /var 812 MB (9%)', ip: '10.3.3.3' });
	});
	it('snake_case without notification_type infers it from the state', () => {
		const { notification_type: _t, ...body } = nagiosSnake();
		expect(normalize('nagios', body)[0].action).toBe('open');
		expect(normalize('nagios', { ...body, state: 'OK', service_problem_id: 0 })[0]).toMatchObject({ action: 'resolve', dedupKey: 'app02|Disk /var|8999' });
	});
	it('snake_case host check (no service_description)', () => {
		const [a] = normalize('nagios', { notification_type: 'PROBLEM', host_name: 'fw1', state: 'UNREACHABLE', state_type: 'HARD', output: 'no route' });
		expect(a).toMatchObject({ host: 'fw1', service: null, severity: 'major', text: 'no route', dedupKey: 'fw1|' });
	});
	it('Icinga 2 dotted macro names', () => {
		const [a] = normalize('icinga', {
			'notification.type': 'Problem',
			'host.name': 'web03',
			'host.display_name': 'web03.example.com',
			'host.address': '2001:db8::3',
			'service.name': 'ssh',
			'service.state': 'CRITICAL',
			'service.state_type': 'HARD',
			'service.output': 'Connection refused',
			'notification.author': '',
			'notification.comment': ''
		});
		expect(a).toMatchObject({ kind: 'icinga', host: 'web03', service: 'ssh', action: 'open', severity: 'critical', ip: '2001:db8::3', identities: ['web03', 'web03.example.com', '2001:db8::3'] });
		expect(a.author).toBeUndefined();
	});
});

describe('nagios states and severity', () => {
	const rows: [string, string, string][] = [
		['service', 'CRITICAL', 'critical'],
		['service', 'WARNING', 'warning'],
		['service', 'UNKNOWN', 'minor'],
		['service', 'OK', 'info'],
		['host', 'DOWN', 'critical'],
		['host', 'UNREACHABLE', 'major'],
		['host', 'UP', 'info']
	];
	it.each(rows)('%s %s → %s', (obj, state, severity) => {
		const body = obj === 'service' ? nagiosService({ SERVICESTATE: state }) : nagiosHost({ HOSTSTATE: state });
		expect(normalize('nagios', body)[0]).toMatchObject({ severity, state });
	});
	it.each([
		['0', 'OK'],
		['2', 'CRITICAL'],
		['3', 'UNKNOWN']
	])('SERVICESTATEID %s is read as %s when SERVICESTATE is absent', (id, state) => {
		const { SERVICESTATE: _s, ...body } = nagiosService({ SERVICESTATEID: id });
		expect(normalize('nagios', body)[0].state).toBe(state);
	});
	it('rejects a state that is not a Nagios state', () => {
		expectNormalizeError(() => normalize('nagios', nagiosService({ SERVICESTATE: 'ON FIRE' })), 'SERVICESTATE', 'invalid');
		expectNormalizeError(() => normalize('nagios', nagiosHost({ HOSTSTATE: 'CRITICAL' })), 'HOSTSTATE', 'invalid');
	});
});

describe('nagios SOFT states', () => {
	const rows = (['PROBLEM', 'RECOVERY', 'CUSTOM'] as const).flatMap((type) => ENCODINGS.map((enc) => ({ type, enc })));
	it.each(rows)('SOFT $type ($enc) is returned marked ignored', ({ type, enc }) => {
		const body = nagiosService({ NOTIFICATIONTYPE: type, SERVICESTATETYPE: 'SOFT', SERVICESTATE: type === 'RECOVERY' ? 'OK' : 'WARNING' });
		const [a] = expectValid(normalize('nagios', encode(enc, body)));
		expect(a.ignored).toBe('SOFT state');
	});
	it('snake_case state_type SOFT is ignored too', () => {
		expect(normalize('nagios', nagiosSnake({ state_type: 'SOFT' }))[0].ignored).toBe('SOFT state');
	});
	it.each(['ACKNOWLEDGEMENT', 'DOWNTIMESTART', 'FLAPPINGSTART'])('SOFT does not silence %s', (type) => {
		expect(normalize('nagios', nagiosService({ NOTIFICATIONTYPE: type, SERVICESTATETYPE: 'SOFT' }))[0].ignored).toBeUndefined();
	});
	it('HARD is not ignored', () => {
		expect(normalize('nagios', nagiosService())[0].ignored).toBeUndefined();
	});
});

describe('nagios details', () => {
	it('author prefers NOTIFICATIONAUTHORNAME, comment from NOTIFICATIONCOMMENT', () => {
		const [a] = normalize('nagios', nagiosService({ NOTIFICATIONTYPE: 'ACKNOWLEDGEMENT', NOTIFICATIONAUTHOR: 'jdoe', NOTIFICATIONAUTHORNAME: 'Jane Doe', NOTIFICATIONCOMMENT: 'on it' }));
		expect(a).toMatchObject({ author: 'Jane Doe', comment: 'on it' });
	});
	it('unexpanded macros count as absent', () => {
		const [a] = normalize('nagios', nagiosService({ NOTIFICATIONAUTHOR: '$NOTIFICATIONAUTHOR$', HOSTALIAS: '$HOSTALIAS$' }));
		expect(a.author).toBeUndefined();
		expect(a.identities).not.toContain('$HOSTALIAS$');
	});
	it('collects action/notes URLs and long output', () => {
		const [a] = normalize('nagios', nagiosService({ SERVICEACTIONURL: 'https://grafana.example.com/d/pg', HOSTNOTESURL: 'https://wiki.example.com/db01', SERVICENOTESURL: 'not a url', LONGSERVICEOUTPUT: 'detail line' }));
		expect(a.links).toEqual(['https://grafana.example.com/d/pg', 'https://wiki.example.com/db01']);
		expect(a.text).toBe('CRITICAL - connection refused\ndetail line');
	});
	it('hostname HOSTADDRESS is an identity but not an ip', () => {
		const [a] = normalize('nagios', nagiosService({ HOSTADDRESS: 'db01.example.com' }));
		expect(a.ip).toBeUndefined();
		expect(a.identities).toContain('db01.example.com');
	});
	it('text falls back to a sentence when there is no output', () => {
		const { SERVICEOUTPUT: _o, ...body } = nagiosService();
		expect(normalize('nagios', body)[0].text).toBe('PROBLEM: db01/PostgreSQL is CRITICAL');
	});
});

describe('nagios errors', () => {
	it.each([
		['no HOSTNAME', (() => { const { HOSTNAME: _h, ...b } = nagiosService(); return b; })(), 'HOSTNAME', 'missing'],
		['no type and no state', { HOSTNAME: 'x' }, 'NOTIFICATIONTYPE', 'missing'],
		['unknown type', nagiosService({ NOTIFICATIONTYPE: 'EXPLOSION' }), 'NOTIFICATIONTYPE', 'unsupported'],
		['PROBLEM without a state', (() => { const { SERVICESTATE: _s, ...b } = nagiosService(); return b; })(), 'SERVICESTATE', 'missing'],
		['HOSTNAME is an object', nagiosService({ HOSTNAME: { a: 1 } }), 'HOSTNAME', 'invalid'],
		['SERVICESTATEID out of range', (() => { const { SERVICESTATE: _s, ...b } = nagiosService({ SERVICESTATEID: '9' }); return b; })(), 'SERVICESTATEID', 'invalid']
	])('%s', (_name, body, field, problem) => {
		expectNormalizeError(() => normalize('nagios', body), field, problem);
	});
});
