import { describe, expect, it } from 'vitest';
import { KINDS, NormalizeError, normalize } from '../../../ingest/normalize/index.ts';
import { expectNormalizeError, nagiosService } from './factories.ts';

describe('normalize entry point', () => {
	it('exports the seven kinds', () => {
		expect([...KINDS]).toEqual(['nagios', 'icinga', 'solarwinds', 'alertmanager', 'grafana', 'zabbix', 'generic']);
	});
	it.each(['', 'NAGIOS', 'prometheus', 'constructor', '__proto__'])('unknown kind %j → NormalizeError on kind', (kind) => {
		const e = expectNormalizeError(() => normalize(kind, nagiosService()), 'kind', 'unsupported');
		expect(e.message).toContain('unknown source kind');
	});
	it('a non-string kind is refused the same way', () => {
		expectNormalizeError(() => normalize(42 as unknown as string, {}), 'kind', 'unsupported');
	});

	const BAD_BODIES: [string, unknown, string][] = [
		['undefined', undefined, 'missing'],
		['null', null, 'missing'],
		['empty string', '', 'missing'],
		['number', 42, 'invalid'],
		['string', 'HOSTNAME=web01', 'invalid'],
		['boolean', true, 'invalid'],
		['array', [1, 2], 'invalid']
	];
	const rows = KINDS.flatMap((kind) => BAD_BODIES.filter(([n]) => !(kind === 'generic' && n === 'array')).map(([name, body, problem]) => ({ kind, name, body, problem })));
	it.each(rows)('$kind with a $name body → NormalizeError on body', ({ kind, body, problem }) => {
		const e = expectNormalizeError(() => normalize(kind, body), 'body', problem);
		expect(e.kind).toBe(kind);
		expect(e.code).toBe('INVALID');
	});
	it.each(KINDS)('%s with an empty object names what is missing', (kind) => {
		const e = expectNormalizeError(() => normalize(kind, {}));
		expect(e.missing).toBe(true);
		expect(e.field).not.toBe('body');
		expect(e.message).toMatch(/missing/);
	});
	it('prototype keys in the body are never read through', () => {
		const body = JSON.parse('{"__proto__": {"HOSTNAME": "evil"}, "constructor": "x", "NOTIFICATIONTYPE": "PROBLEM", "SERVICESTATE": "CRITICAL"}') as unknown;
		expectNormalizeError(() => normalize('nagios', body), 'HOSTNAME', 'missing');
		expectNormalizeError(() => normalize('alertmanager', { toString: 'x' }), 'alerts', 'missing');
	});
	it('NormalizeError is an Error with name, kind, field, problem', () => {
		const e = new NormalizeError('zabbix', 'EVENT.ID', 'missing', 'EVENT.ID is missing');
		expect(e).toBeInstanceOf(Error);
		expect(e).toMatchObject({ name: 'NormalizeError', kind: 'zabbix', field: 'EVENT.ID', problem: 'missing', missing: true, message: 'zabbix: EVENT.ID is missing' });
	});
});
