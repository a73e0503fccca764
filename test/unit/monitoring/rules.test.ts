import { describe, it, expect } from 'vitest';
import { categoryFor, priorityFor, PRIORITY_MATRIX, isHealthyState } from '../../../src/lib/server/monitoring/rules';
import { sourceIdOfToken, tokenOf } from '../../../src/lib/server/monitoring/sources';

describe('monitoring rules', () => {
	it.each([
		['critical', 'critical', 'P1'], ['critical', 'low', 'P3'], ['critical', null, 'P1'], ['major', 'high', 'P2'],
		['minor', 'medium', 'P4'], ['warning', 'critical', 'P3'], ['warning', null, 'P4'], ['info', 'critical', 'P4'],
		['info', null, 'P5'], ['major', 'tier1', 'P1'], ['major', 'weird', 'P2']
	] as const)('severity %s × criticality %s → %s', (sev, crit, p) => {
		expect(priorityFor(sev, crit)).toBe(p);
	});

	it('the source priority map overrides severity alone, never a known criticality', () => {
		expect(priorityFor('critical', null, { critical: 'P2' })).toBe('P2');
		expect(priorityFor('critical', 'critical', { critical: 'P2' })).toBe('P1');
		expect(priorityFor('critical', null, { critical: 'P9' })).toBe('P1');
	});

	it('never opens a P1 from a warning or info alert', () => {
		for (const s of ['warning', 'info'] as const) expect(Object.values(PRIORITY_MATRIX[s])).not.toContain('P1');
	});

	it.each([
		[{ service: 'HTTP', text: 'CRITICAL - Socket timeout after 10 seconds' }, 'software'],
		[{ service: null, text: 'BRANCH-RTR-014 is Down.' }, 'network'],
		[{ service: 'Disk /var', text: 'DISK CRITICAL - free space: 2%' }, 'hardware'],
		[{ service: 'CPU Load', text: 'load average 12.3' }, 'performance'],
		[{ service: 'eth0', text: 'interface down' }, 'network'],
		[{ service: 'HighErrorRate', text: '5xx ratio above 5% for 10m' }, 'software'],
		[{ service: null, text: 'temperature sensor 3 critical' }, 'hardware']
	])('category of %j is %s', (a, c) => {
		expect(categoryFor({ ...a, state: 'CRITICAL' })).toBe(c);
	});

	it('healthy states', () => {
		expect(isHealthyState({ state: 'OK', severity: 'info' })).toBe(true);
		expect(isHealthyState({ state: 'UP', severity: 'info' })).toBe(true);
		expect(isHealthyState({ state: 'CRITICAL', severity: 'critical' })).toBe(false);
	});

	it('tokens: Bearer, Basic password, query; the id inside an ohm_ token', () => {
		expect(tokenOf({ authorization: 'Bearer abc' })).toBe('abc');
		expect(tokenOf({ authorization: `Basic ${Buffer.from('u:p:q').toString('base64')}` })).toBe('p:q');
		expect(tokenOf({ queryToken: 'zz' })).toBe('zz');
		expect(tokenOf({ authorization: 'Digest x' })).toBeNull();
		expect(sourceIdOfToken(`ohm_${'0123456789abcdef'.repeat(2)}_${'x'.repeat(43)}`)).toBe('01234567-89ab-cdef-0123-456789abcdef');
		expect(sourceIdOfToken('oph_abc')).toBeNull();
	});
});
