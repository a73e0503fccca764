import { describe, expect, it } from 'vitest';
import { normalize } from '../../../ingest/normalize/index.ts';
import { encode, ENCODINGS, expectNormalizeError, expectValid, solarwinds } from './factories.ts';

const without = (b: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(b).filter(([k]) => !keys.includes(k)));

describe('solarwinds actions', () => {
	const rows: [string, Record<string, unknown>, string][] = [
		['ActionType Create', { ActionType: 'Create' }, 'open'],
		['ActionType Trigger', { ActionType: 'trigger' }, 'open'],
		['ActionType Resolve', { ActionType: 'Resolve' }, 'resolve'],
		['ActionType Reset', { ActionType: 'RESET' }, 'resolve'],
		['ActionType Acknowledge', { ActionType: 'Acknowledge', AcknowledgedBy: 'NOC\\mlee', Notes: 'vendor ticket 5521' }, 'ack'],
		['ActionType Update', { ActionType: 'Update', Notes: 'still down' }, 'update'],
		['no ActionType', { ActionType: undefined }, 'open'],
		['no ActionType, Reset=true', { ActionType: undefined, Reset: true }, 'resolve'],
		['no ActionType, IsReset=1', { ActionType: undefined, IsReset: '1' }, 'resolve'],
		['no ActionType, Reset=false', { ActionType: undefined, Reset: 'false' }, 'open']
	];
	it.each(rows.flatMap(([name, over, action]) => ENCODINGS.map((enc) => ({ name, over, action, enc }))))('$name ($enc) → $action', ({ over, action, enc }) => {
		const [a] = expectValid(normalize('solarwinds', encode(enc, solarwinds(over))));
		expect(a).toMatchObject({ kind: 'solarwinds', action, dedupKey: '901|3344', host: 'EDGE-SW-07', service: 'Gi0/1 - uplink', ip: '10.50.0.7' });
		if (action === 'ack') expect(a).toMatchObject({ author: 'NOC\\mlee', comment: 'vendor ticket 5521' });
	});
});

describe('solarwinds severity', () => {
	it.each([
		['Critical', 'critical'],
		['Serious', 'major'],
		['Warning', 'warning'],
		['Notice', 'info'],
		['Informational', 'info'],
		['2', 'critical'],
		['3', 'major'],
		['1', 'warning'],
		['4', 'info'],
		['0', 'info'],
		[undefined, 'warning']
	])('%s → %s', (sev, expected) => {
		expect(normalize('solarwinds', solarwinds({ Severity: sev }))[0].severity).toBe(expected);
	});
	it('rejects an unknown severity', () => {
		expectNormalizeError(() => normalize('solarwinds', solarwinds({ Severity: 'Spicy' })), 'Severity', 'invalid');
	});
});

describe('solarwinds fields', () => {
	it('keys are case- and separator-insensitive', () => {
		const lower = Object.fromEntries(Object.entries(solarwinds()).map(([k, v]) => [k.toLowerCase().replace('_', ''), v]));
		expect(normalize('solarwinds', lower)).toEqual(normalize('solarwinds', solarwinds()));
	});
	it('a Node alert is a host check', () => {
		expect(normalize('solarwinds', solarwinds({ ObjectType: 'Node', ObjectName: 'EDGE-SW-07' }))[0].service).toBeNull();
	});
	it('AlertDefID/AlertID do not enter the key; without AlertActiveID the key is AlertObjectID', () => {
		expect(normalize('solarwinds', without(solarwinds(), 'AlertActiveID'))[0].dedupKey).toBe('901');
	});
	it('host falls back to the IP address', () => {
		expect(normalize('solarwinds', without(solarwinds(), 'NodeName'))[0]).toMatchObject({ host: '10.50.0.7', identities: ['10.50.0.7'] });
	});
	it('unexpanded Orion variables count as absent', () => {
		const [a] = normalize('solarwinds', solarwinds({ IP_Address: '${N=SwisEntity;M=IP_Address}' }));
		expect(a.ip).toBeUndefined();
		expect(a.identities).toEqual(['EDGE-SW-07']);
	});
	it('zone-less AlertTriggerTime is not guessed; an ISO time with zone is kept', () => {
		expect(normalize('solarwinds', solarwinds({ AlertTriggerTime: '5/14/2026 3:04 AM' }))[0].occurredAt).toBeUndefined();
		expect(normalize('solarwinds', solarwinds({ AlertTriggerTimeUTC: '2026-05-14T03:04:00Z' }))[0].occurredAt).toBe('2026-05-14T03:04:00.000Z');
	});
	it.each([
		['no AlertObjectID', without(solarwinds(), 'AlertObjectID'), 'AlertObjectID', 'missing'],
		['no node name or IP', without(solarwinds(), 'NodeName', 'IP_Address', 'ObjectName'), 'NodeName', 'missing'],
		['unknown ActionType', solarwinds({ ActionType: 'Explode' }), 'ActionType', 'unsupported'],
		['AlertObjectID is an array', solarwinds({ AlertObjectID: [1] }), 'AlertObjectID', 'invalid']
	])('%s → NormalizeError', (_n, b, field, problem) => {
		expectNormalizeError(() => normalize('solarwinds', b), field, problem);
	});
});
