import { describe, expect, it } from 'vitest';
import { LIMITS, normalize } from '../../../ingest/normalize/index.ts';
import { amAlert, amBody, encode, ENCODINGS, expectNormalizeError, expectValid, grafanaAlert, grafanaBody } from './factories.ts';

const KINDS = ['alertmanager', 'grafana'] as const;
const bodyFor = (kind: (typeof KINDS)[number], alerts: Record<string, unknown>[]) => (kind === 'alertmanager' ? amBody(alerts) : grafanaBody(alerts));
const alertFor = (kind: (typeof KINDS)[number], over: Record<string, unknown> = {}) => (kind === 'alertmanager' ? amAlert(over) : grafanaAlert(over));
// Form bodies: nested structures as JSON strings, or the whole body as payload=<json>.
const ENCS = [...ENCODINGS, 'payload'] as const;
const enc = (e: (typeof ENCS)[number], b: Record<string, unknown>) => (e === 'payload' ? { payload: JSON.stringify(b) } : encode(e, b));

describe.each(KINDS)('%s actions', (kind) => {
	const rows = (['firing', 'resolved'] as const).flatMap((status) => ENCS.map((e) => ({ status, e })));
	it.each(rows)('$status ($e)', ({ status, e }) => {
		const [a] = expectValid(normalize(kind, enc(e, bodyFor(kind, [alertFor(kind, { status, endsAt: status === 'resolved' ? '2026-05-14T05:00:00Z' : '0001-01-01T00:00:00Z' })]))));
		expect(a.action).toBe(status === 'firing' ? 'open' : 'resolve');
		expect(a.state).toBe(status);
		expect(a.occurredAt).toBe(status === 'firing' ? new Date(String(alertFor(kind).startsAt)).toISOString() : '2026-05-14T05:00:00.000Z');
	});

	it('per-alert status wins over the group status', () => {
		const body = { ...bodyFor(kind, [alertFor(kind, { status: 'resolved', fingerprint: 'f1' }), alertFor(kind, { status: 'firing', fingerprint: 'f2' })]), status: 'firing' };
		expect(normalize(kind, body).map((a) => [a.dedupKey, a.action])).toEqual([
			['f1', 'resolve'],
			['f2', 'open']
		]);
	});
	it('a missing per-alert status is an error, not the group status', () => {
		const { status: _s, ...noStatus } = alertFor(kind);
		expectNormalizeError(() => normalize(kind, bodyFor(kind, [alertFor(kind), noStatus])), 'alerts[1].status', 'missing');
	});
	it('an empty alerts array gives no alerts', () => {
		expect(normalize(kind, bodyFor(kind, []))).toEqual([]);
	});
	it(`accepts ${LIMITS.maxAlerts} alerts and refuses more`, () => {
		const many = (n: number) => Array.from({ length: n }, (_, i) => alertFor(kind, { fingerprint: `fp${i}` }));
		expect(normalize(kind, bodyFor(kind, many(LIMITS.maxAlerts)))).toHaveLength(LIMITS.maxAlerts);
		expectNormalizeError(() => normalize(kind, bodyFor(kind, many(LIMITS.maxAlerts + 1))), 'alerts', 'too_large');
	});
	it.each([
		['no alerts', { receiver: 'x' }, 'alerts', 'missing'],
		['alerts is an object', { alerts: { a: 1 } }, 'alerts', 'invalid'],
		['alert is a string', { alerts: ['boom'] }, 'alerts[0]', 'invalid'],
		['no fingerprint', { alerts: [{ ...alertFor(kind), fingerprint: '' }] }, 'alerts[0].fingerprint', 'missing'],
		['no labels', { alerts: [{ ...alertFor(kind), labels: null }] }, 'alerts[0].labels', 'missing'],
		['unknown status', { alerts: [{ ...alertFor(kind), status: 'pending' }] }, 'alerts[0].status', 'unsupported'],
		['label value is an object', { alerts: [{ ...alertFor(kind), labels: { alertname: { x: 1 } } }] }, 'alerts[0].labels.alertname', 'invalid'],
		['broken payload JSON', { payload: '{"alerts": [' }, 'payload', 'invalid'],
		['payload is not an object', { payload: '[1,2]' }, 'payload', 'invalid']
	])('%s → NormalizeError', (_n, b, field, problem) => {
		expectNormalizeError(() => normalize(kind, b), field, problem);
	});
});

describe('alertmanager labels', () => {
	it.each([
		['critical', 'critical'],
		['page', 'critical'],
		['error', 'major'],
		['high', 'major'],
		['P3', 'minor'],
		['warning', 'warning'],
		['info', 'info'],
		['none', 'info'],
		['weird', 'warning'],
		[undefined, 'warning']
	])('severity label %s → %s', (sev, expected) => {
		const labels = { alertname: 'X', instance: 'h:1', ...(sev === undefined ? {} : { severity: sev }) };
		expect(normalize('alertmanager', amBody([amAlert({ labels })]))[0].severity).toBe(expected);
	});
	it.each([
		[{ alertname: 'A', instance: 'node07.example.com:9100' }, 'node07.example.com', ['node07.example.com:9100', 'node07.example.com'], undefined],
		[{ alertname: 'A', instance: '[2001:db8::7]:9100' }, '2001:db8::7', ['[2001:db8::7]:9100', '2001:db8::7'], '2001:db8::7'],
		[{ alertname: 'A', instance: 'https://shop.example.com/health' }, 'shop.example.com', ['https://shop.example.com/health', 'shop.example.com'], undefined],
		[{ alertname: 'A', nodename: 'k8s-w3', instance: '10.0.0.9:9100' }, 'k8s-w3', ['k8s-w3', '10.0.0.9:9100', '10.0.0.9'], '10.0.0.9'],
		[{ alertname: 'A', job: 'batch' }, 'batch', [], undefined],
		[{ alertname: 'Watchdog' }, 'Watchdog', [], undefined]
	])('labels %j → host %s', (labels, host, identities, ip) => {
		const [a] = normalize('alertmanager', amBody([amAlert({ labels })]));
		expect(a).toMatchObject({ host, identities, service: labels.alertname });
		expect(a.ip).toBe(ip);
	});
	it('text joins summary and description; links keep runbook and generator', () => {
		const [a] = normalize('alertmanager', amBody([amAlert({ annotations: { summary: 'S', description: 'D', runbook_url: 'https://rb.example.com/x' } })]));
		expect(a.text).toBe('S\nD');
		expect(a.links).toEqual(['https://prometheus.example.com/graph?g0.expr=x', 'https://rb.example.com/x']);
	});
	it('grafana links include dashboard, panel and silence URLs', () => {
		const [a] = normalize('grafana', grafanaBody([grafanaAlert()]));
		expect(a).toMatchObject({ kind: 'grafana', host: 'vm-12', service: 'CPU high', severity: 'critical', dedupKey: '57c6d9296de2ad39', text: 'CPU above 95% for 15m', occurredAt: '2026-05-14T04:00:00.000Z' });
		expect(a.links).toEqual([
			'https://grafana.example.com/alerting/grafana/abc/view',
			'https://grafana.example.com/d/xyz',
			'https://grafana.example.com/d/xyz?viewPanel=2',
			'https://grafana.example.com/alerting/silence/new?matcher=x'
		]);
	});
	it('resolved alert without a real endsAt falls back to startsAt', () => {
		const [a] = normalize('alertmanager', amBody([amAlert({ status: 'resolved' })]));
		expect(a.occurredAt).toBe('2026-05-14T03:00:00.000Z');
	});
});
