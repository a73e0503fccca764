import { describe, expect, it } from 'vitest';
import { normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectValid, fixture, fixtureNames, toForm } from './factories.ts';

const KIND_OF: Record<string, string> = {
	alertmanager_firing: 'alertmanager',
	alertmanager_resolved: 'alertmanager',
	nagios_service_acknowledgement: 'nagios',
	nagios_service_problem: 'nagios',
	nagios_service_recovery: 'nagios',
	solarwinds_reset: 'solarwinds',
	solarwinds_trigger: 'solarwinds'
};

// What each fixture must produce (README.md of the fixtures folder says why).
const EXPECTED: Record<string, Record<string, unknown>[]> = {
	nagios_service_problem: [
		{ kind: 'nagios', host: 'web01', service: 'HTTP', action: 'open', severity: 'critical', state: 'CRITICAL', dedupKey: 'web01|HTTP|48213', text: 'CRITICAL - Socket timeout after 10 seconds', occurredAt: '2026-05-14T03:04:12.000Z', ip: '10.20.30.41', identities: ['web01', 'web01.prod.example.com', '10.20.30.41'] }
	],
	nagios_service_recovery: [
		{ kind: 'nagios', host: 'web01', service: 'HTTP', action: 'resolve', severity: 'info', state: 'OK', dedupKey: 'web01|HTTP|48213', occurredAt: '2026-05-14T03:41:37.000Z' }
	],
	nagios_service_acknowledgement: [
		{ kind: 'nagios', host: 'web01', service: 'HTTP', action: 'ack', severity: 'critical', dedupKey: 'web01|HTTP|48213', author: 'jsmith', comment: 'Looking into it - upstream LB pool drained', occurredAt: '2026-05-14T03:12:55.000Z' }
	],
	solarwinds_trigger: [
		{ kind: 'solarwinds', host: 'BRANCH-RTR-014', service: null, action: 'open', severity: 'critical', state: 'Create', dedupKey: '1842|55231', text: 'BRANCH-RTR-014 is Down.', ip: '10.114.0.1', identities: ['BRANCH-RTR-014', '10.114.0.1'], links: ['https://orion.example.com/Orion/View.aspx?NetObject=AAT:1842', 'https://orion.example.com/Orion/Netperfmon/AckAlert.aspx?ObjID=1842'] }
	],
	solarwinds_reset: [{ kind: 'solarwinds', host: 'BRANCH-RTR-014', action: 'resolve', severity: 'critical', dedupKey: '1842|55231', text: 'BRANCH-RTR-014 is Up.' }],
	alertmanager_firing: [
		{ kind: 'alertmanager', host: '10.40.1.11', service: 'HighErrorRate', action: 'open', severity: 'critical', state: 'firing', dedupKey: '3f2a9c1e7b6d4a10', occurredAt: '2026-05-14T03:00:12.345Z', ip: '10.40.1.11', identities: ['10.40.1.11:8080', '10.40.1.11'] },
		{ host: '10.40.1.12', action: 'open', dedupKey: 'b81d04c6e2f9a355', occurredAt: '2026-05-14T03:01:42.000Z' }
	],
	alertmanager_resolved: [
		{ host: '10.40.1.11', action: 'resolve', state: 'resolved', dedupKey: '3f2a9c1e7b6d4a10', occurredAt: '2026-05-14T03:38:12.345Z' },
		{ host: '10.40.1.12', action: 'resolve', dedupKey: 'b81d04c6e2f9a355', occurredAt: '2026-05-14T03:37:57.000Z' }
	]
};

const files = fixtureNames();
const rows = files.flatMap((file) => ENCODINGS.map((enc) => ({ file, enc, name: file.replace(/\.json$/, '') })));

describe('fixtures', () => {
	it('covers every fixture file in the folder', () => {
		expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(EXPECTED).sort());
	});

	it.each(rows)('$file ($enc)', ({ file, enc, name }) => {
		const alerts = expectValid(normalize(KIND_OF[name], encode(enc, fixture(file))));
		expect(alerts).toHaveLength(EXPECTED[name].length);
		EXPECTED[name].forEach((exp, i) => expect(alerts[i]).toMatchObject(exp));
		for (const a of alerts) expect(a.ignored).toBeUndefined();
	});

	it('nagios recovery and ack land on the problem key', () => {
		const key = (f: string) => normalize('nagios', fixture(f))[0].dedupKey;
		expect(key('nagios_service_recovery.json')).toBe(key('nagios_service_problem.json'));
		expect(key('nagios_service_acknowledgement.json')).toBe(key('nagios_service_problem.json'));
	});

	it('solarwinds reset lands on the trigger key', () => {
		expect(normalize('solarwinds', fixture('solarwinds_reset.json'))[0].dedupKey).toBe(normalize('solarwinds', fixture('solarwinds_trigger.json'))[0].dedupKey);
	});

	it('alertmanager resolved alerts land on the firing keys', () => {
		const keys = (f: string) => normalize('alertmanager', fixture(f)).map((a) => a.dedupKey);
		expect(keys('alertmanager_resolved.json')).toEqual(keys('alertmanager_firing.json'));
	});

	it('alertmanager fixture also parses as a form body with payload=<json>', () => {
		const body = { payload: JSON.stringify(fixture('alertmanager_firing.json')) };
		expect(normalize('alertmanager', body)).toEqual(normalize('alertmanager', fixture('alertmanager_firing.json')));
		expect(normalize('alertmanager', toForm(fixture('alertmanager_firing.json')))).toEqual(normalize('alertmanager', fixture('alertmanager_firing.json')));
	});
});
