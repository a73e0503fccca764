import { describe, expect, it } from 'vitest';
import { normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectNormalizeError, expectValid, zabbixDotted, zabbixUnderscore } from './factories.ts';

const SPELLINGS = {
	dotted: zabbixDotted,
	underscore: zabbixUnderscore,
	braces: (over: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(zabbixDotted(over)).map(([k, v]) => [`{${k}}`, v]))
};
// Each case in the dotted spelling; underscore spelling derived by key rewriting.
const dottedToUnderscore = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase().replace(/\./g, '_'), v]));

const ACTIONS: [name: string, over: Record<string, unknown>, action: string][] = [
	['problem', { 'EVENT.VALUE': '1' }, 'open'],
	['recovery', { 'EVENT.VALUE': '0', 'EVENT.STATUS': 'RESOLVED', 'EVENT.RECOVERY.TIMESTAMP': '1778730000' }, 'resolve'],
	['acknowledge', { 'EVENT.UPDATE.STATUS': '1', 'EVENT.UPDATE.ACTION': 'acknowledged, commented', 'EVENT.UPDATE.MESSAGE': 'on it', 'USER.FULLNAME': 'Ann Admin (admin)' }, 'ack'],
	['unacknowledge', { 'EVENT.UPDATE.STATUS': '1', 'EVENT.UPDATE.ACTION': 'unacknowledged' }, 'update'],
	['comment', { 'EVENT.UPDATE.STATUS': '1', 'EVENT.UPDATE.ACTION': 'commented', 'EVENT.UPDATE.MESSAGE': 'vendor called' }, 'update'],
	['severity change', { 'EVENT.UPDATE.STATUS': '1', 'EVENT.UPDATE.ACTION': 'changed severity' }, 'update'],
	['status only PROBLEM', { 'EVENT.VALUE': undefined, 'EVENT.STATUS': 'PROBLEM' }, 'open'],
	['status only RESOLVED', { 'EVENT.VALUE': undefined, 'EVENT.STATUS': 'RESOLVED' }, 'resolve']
];

describe('zabbix actions', () => {
	const rows = ACTIONS.flatMap(([name, over, action]) => (['dotted', 'underscore'] as const).flatMap((spelling) => ENCODINGS.map((enc) => ({ name, over, action, spelling, enc }))));
	it.each(rows)('$name, $spelling keys ($enc) → $action', ({ over, action, spelling, enc }) => {
		const dotted = zabbixDotted(over);
		const body = spelling === 'dotted' ? dotted : dottedToUnderscore(dotted);
		const [a] = expectValid(normalize('zabbix', encode(enc, body)));
		expect(a).toMatchObject({ kind: 'zabbix', action, dedupKey: '31337', host: 'Mail server', service: 'High CPU utilization', ip: '10.7.0.25' });
		expect(a.identities).toEqual(['Mail server', 'mail01', '10.7.0.25']);
		if (action === 'ack') expect(a).toMatchObject({ author: 'Ann Admin (admin)', comment: 'on it' });
	});

	it.each(Object.entries(SPELLINGS))('%s spelling of the template parameters', (_name, make) => {
		const [a] = normalize('zabbix', make());
		expect(a).toMatchObject({ dedupKey: '31337', action: 'open', severity: 'major', host: 'Mail server' });
	});
	it('recovery keeps the problem event id and takes the recovery time', () => {
		const [a] = normalize('zabbix', zabbixDotted({ 'EVENT.VALUE': '0', 'EVENT.RECOVERY.ID': '31400', 'EVENT.RECOVERY.TIMESTAMP': '1778730000' }));
		expect(a).toMatchObject({ dedupKey: '31337', occurredAt: new Date(1778730000 * 1000).toISOString() });
	});
	it('unexpanded {MACROS} are absent: no author/comment on a problem', () => {
		const [a] = normalize('zabbix', zabbixDotted());
		expect(a.comment).toBeUndefined();
		expect(a.text).toBe('High CPU utilization (Current utilization: 97 %)');
		expect(a.links).toEqual(['https://zabbix.example.com/tr_events.php?triggerid=22001&eventid=31337']);
	});
	it('non-trigger event sources are ignored', () => {
		expect(normalize('zabbix', zabbixDotted({ 'EVENT.SOURCE': '3' }))[0].ignored).toBe('event source 3 is not a trigger');
	});
});

describe('zabbix severity', () => {
	it.each([
		['0', 'warning'],
		['1', 'info'],
		['2', 'warning'],
		['3', 'minor'],
		['4', 'major'],
		['5', 'critical']
	])('EVENT.NSEVERITY %s → %s', (n, expected) => {
		expect(normalize('zabbix', zabbixUnderscore({ event_nseverity: n }))[0].severity).toBe(expected);
	});
	it.each([
		['Not classified', 'warning'],
		['Information', 'info'],
		['Warning', 'warning'],
		['Average', 'minor'],
		['High', 'major'],
		['Disaster', 'critical']
	])('EVENT.SEVERITY %s → %s', (name, expected) => {
		expect(normalize('zabbix', zabbixDotted({ 'EVENT.NSEVERITY': undefined, 'EVENT.SEVERITY': name }))[0].severity).toBe(expected);
	});
	it.each([
		['no EVENT.ID', zabbixDotted({ 'EVENT.ID': undefined }), 'EVENT.ID', 'missing'],
		['EVENT.ID not a number', zabbixDotted({ 'EVENT.ID': 'abc' }), 'EVENT.ID', 'invalid'],
		['no host', zabbixDotted({ 'HOST.NAME': undefined, 'HOST.HOST': undefined, 'HOST.IP': undefined }), 'HOST.NAME', 'missing'],
		['no value or status', zabbixDotted({ 'EVENT.VALUE': undefined, 'EVENT.STATUS': undefined }), 'EVENT.VALUE', 'missing'],
		['EVENT.VALUE 7', zabbixDotted({ 'EVENT.VALUE': '7' }), 'EVENT.VALUE', 'invalid'],
		['EVENT.NSEVERITY 9', zabbixDotted({ 'EVENT.NSEVERITY': '9' }), 'EVENT.NSEVERITY', 'invalid'],
		['bad severity name', zabbixDotted({ 'EVENT.NSEVERITY': undefined, 'EVENT.SEVERITY': 'Apocalyptic' }), 'EVENT.SEVERITY', 'invalid']
	])('%s → NormalizeError', (_n, b, field, problem) => {
		expectNormalizeError(() => normalize('zabbix', b), field, problem);
	});
});
