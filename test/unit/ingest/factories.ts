// Test data for the normaliser suites: real fixtures, per-format body builders, and the two
// encodings every format must accept (a parsed JSON object, a form record of strings).
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { NormalizeError, normalizedAlertSchema, type NormalizedAlert } from '../../../ingest/normalize/index.ts';

export const FIXTURE_DIR = new URL('../../fixtures/monitoring', import.meta.url).pathname;

export function fixture(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(`${FIXTURE_DIR}/${name}`, 'utf8')) as Record<string, unknown>;
}

export function fixtureNames(): string[] {
	return readdirSync(FIXTURE_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/** What a form-urlencoded body looks like once parsed: every value a string, structures as JSON. */
export function toForm(body: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(body)) {
		if (v === undefined) continue;
		out[k] = typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
	}
	return out;
}

export type Encoding = 'json' | 'form';
export const ENCODINGS: Encoding[] = ['json', 'form'];
export function encode(enc: Encoding, body: Record<string, unknown>): Record<string, unknown> {
	return enc === 'json' ? body : toForm(body);
}

export function expectValid(alerts: NormalizedAlert[]): NormalizedAlert[] {
	expect(Array.isArray(alerts)).toBe(true);
	for (const a of alerts) normalizedAlertSchema.parse(a);
	return alerts;
}

export function expectNormalizeError(fn: () => unknown, field?: string, problem?: string): NormalizeError {
	try {
		fn();
	} catch (err) {
		expect(err).toBeInstanceOf(NormalizeError);
		const e = err as NormalizeError;
		if (field !== undefined) expect(e.field).toBe(field);
		if (problem !== undefined) expect(e.problem).toBe(problem);
		expect(e.message.length).toBeGreaterThan(0);
		return e;
	}
	throw new Error('expected a NormalizeError, nothing was thrown');
}

/** Nagios macros as the PagerDuty-style script sends them (NAGIOS_ stripped). */
export function nagiosService(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		NOTIFICATIONTYPE: 'PROBLEM',
		HOSTNAME: 'db01',
		HOSTALIAS: 'db01.prod.example.com',
		HOSTADDRESS: '10.1.2.3',
		SERVICEDESC: 'PostgreSQL',
		SERVICESTATE: 'CRITICAL',
		SERVICESTATETYPE: 'HARD',
		SERVICEOUTPUT: 'CRITICAL - connection refused',
		SERVICEPROBLEMID: 777,
		LASTSERVICEPROBLEMID: 700,
		TIMET: 1778727852,
		...over
	};
}

export function nagiosHost(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		NOTIFICATIONTYPE: 'PROBLEM',
		HOSTNAME: 'sw-core-01',
		HOSTADDRESS: '10.9.9.1',
		HOSTSTATE: 'DOWN',
		HOSTSTATETYPE: 'HARD',
		HOSTOUTPUT: 'PING CRITICAL - Packet loss = 100%',
		HOSTPROBLEMID: 555,
		LASTHOSTPROBLEMID: 500,
		...over
	};
}

export function withPrefix(prefix: string, body: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(body).map(([k, v]) => [prefix + k, v]));
}

/** The common inline-curl JSON of Nagios command definitions. */
export function nagiosSnake(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		notification_type: 'PROBLEM',
		host_name: 'app02',
		host_address: '10.3.3.3',
		service_description: 'Disk /var',
		state: 'WARNING',
		state_type: 'HARD',
		plugin_output: 'DISK WARNING - free space: /var 812 MB (9%)',
		service_problem_id: 9001,
		last_service_problem_id: 8999,
		...over
	};
}

export function icingaNotificationRequest(over: { event?: Record<string, unknown>; object?: Record<string, unknown>; incident?: Record<string, unknown> } = {}): Record<string, unknown> {
	return {
		contact: { full_name: 'Desk Bot', addresses: [{ type: 'webhook', address: 'https://opshub.example.com/hook' }] },
		object: {
			name: 'web02!HTTP',
			url: 'https://icinga.example.com/icingadb/service?name=HTTP&host.name=web02',
			tags: { host: 'web02', service: 'HTTP' },
			extra_tags: { 'hostgroup/linux': '' },
			...over.object
		},
		incident: { id: 4242, url: 'https://icinga.example.com/notifications/incident?id=4242', ...over.incident },
		event: {
			time: '2026-05-14T03:04:12.123456789+02:00',
			type: 'state',
			severity: 'crit',
			username: '',
			message: 'HTTP CRITICAL - 503 Service Unavailable',
			...over.event
		}
	};
}

export function icingaFlatEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		name: 'web02!HTTP',
		url: 'https://icinga.example.com/icingadb/service?name=HTTP&host.name=web02',
		tags: { host: 'web02', service: 'HTTP' },
		extra_tags: {},
		type: 'state',
		severity: 'warning',
		username: '',
		message: 'HTTP WARNING - slow',
		...over
	};
}

export function solarwinds(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		ActionType: 'Create',
		AlertName: 'Interface down',
		AlertID: 12,
		AlertObjectID: 901,
		AlertActiveID: 3344,
		ObjectType: 'Interface',
		ObjectName: 'Gi0/1 - uplink',
		Severity: 'Serious',
		NodeName: 'EDGE-SW-07',
		IP_Address: '10.50.0.7',
		AlertMessage: 'Gi0/1 on EDGE-SW-07 is down',
		AlertDetailsUrl: 'https://orion.example.com/Orion/View.aspx?NetObject=AAT:901',
		...over
	};
}

export function amAlert(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		status: 'firing',
		labels: { alertname: 'NodeFilesystemFull', instance: 'node07.example.com:9100', severity: 'warning', job: 'node' },
		annotations: { summary: 'Filesystem / is 95% full', runbook_url: 'https://runbooks.example.com/fs' },
		startsAt: '2026-05-14T03:00:00Z',
		endsAt: '0001-01-01T00:00:00Z',
		generatorURL: 'https://prometheus.example.com/graph?g0.expr=x',
		fingerprint: 'aa11bb22cc33dd44',
		...over
	};
}

export function amBody(alerts: Record<string, unknown>[], over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		version: '4',
		groupKey: '{}:{alertname="NodeFilesystemFull"}',
		truncatedAlerts: 0,
		status: 'firing',
		receiver: 'opshub',
		groupLabels: {},
		commonLabels: {},
		commonAnnotations: {},
		externalURL: 'https://alertmanager.example.com',
		alerts,
		...over
	};
}

export function grafanaBody(alerts: Record<string, unknown>[]): Record<string, unknown> {
	return {
		receiver: 'opshub',
		status: 'firing',
		orgId: 1,
		alerts,
		groupLabels: { alertname: 'CPU high' },
		commonLabels: {},
		commonAnnotations: {},
		externalURL: 'https://grafana.example.com/',
		version: '1',
		groupKey: '{}:{alertname="CPU high"}',
		truncatedAlerts: 0,
		title: '[FIRING:1] CPU high',
		state: 'alerting',
		message: 'CPU high on vm-12'
	};
}

export function grafanaAlert(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		status: 'firing',
		labels: { alertname: 'CPU high', grafana_folder: 'Infra', hostname: 'vm-12', severity: 'critical' },
		annotations: { summary: 'CPU above 95% for 15m' },
		startsAt: '2026-05-14T04:00:00+00:00',
		endsAt: '0001-01-01T00:00:00Z',
		generatorURL: 'https://grafana.example.com/alerting/grafana/abc/view',
		fingerprint: '57c6d9296de2ad39',
		silenceURL: 'https://grafana.example.com/alerting/silence/new?matcher=x',
		dashboardURL: 'https://grafana.example.com/d/xyz',
		panelURL: 'https://grafana.example.com/d/xyz?viewPanel=2',
		values: { B: 97.1 },
		valueString: '[ var=B value=97.1 ]',
		...over
	};
}

/** Zabbix webhook parameters, dotted macro spelling. */
export function zabbixDotted(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		'EVENT.ID': '31337',
		'EVENT.VALUE': '1',
		'EVENT.NSEVERITY': '4',
		'EVENT.SEVERITY': 'High',
		'EVENT.STATUS': 'PROBLEM',
		'EVENT.SOURCE': '0',
		'EVENT.NAME': 'High CPU utilization',
		'EVENT.OPDATA': 'Current utilization: 97 %',
		'EVENT.UPDATE.STATUS': '0',
		'EVENT.UPDATE.ACTION': '{EVENT.UPDATE.ACTION}',
		'EVENT.UPDATE.MESSAGE': '{EVENT.UPDATE.MESSAGE}',
		'EVENT.TIMESTAMP': '1778727852',
		'HOST.NAME': 'Mail server',
		'HOST.HOST': 'mail01',
		'HOST.IP': '10.7.0.25',
		'TRIGGER.ID': '22001',
		'ZABBIX.URL': 'https://zabbix.example.com/',
		...over
	};
}

/** The same parameters as the official media-type templates name them. */
export function zabbixUnderscore(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		event_id: 31337,
		event_value: 1,
		event_nseverity: 4,
		event_source: 0,
		event_name: 'High CPU utilization',
		event_update_status: 0,
		host_name: 'Mail server',
		host_host: 'mail01',
		host_ip: '10.7.0.25',
		trigger_id: 22001,
		zabbix_url: 'https://zabbix.example.com',
		...over
	};
}

export function generic(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		host: 'batch01',
		service: 'nightly-export',
		status: 'firing',
		severity: 'major',
		id: 'export-2026-05-14',
		message: 'export job failed: exit 3',
		url: 'https://jenkins.example.com/job/export/812/',
		timestamp: '2026-05-14T02:00:00Z',
		...over
	};
}
