// Alertmanager webhook v4 and Grafana alerting webhooks (Grafana's body is Alertmanager's
// plus title/message/state and per-alert dashboardURL/panelURL/silenceURL/values).
// Each alert carries its own status and fingerprint; the group `status` is "firing" while any
// alert fires, so it is never applied to the alerts (a resolved alert in a firing group
// must resolve). Form-encoded bodies: `payload=<json>` or `alerts=<json array>`.
import { httpLinks, instant, ipOf, hostOfInstance, isRecord, nested, optionalRecord, own, type Rec, requireRecord, scalar, typeName, uniq } from './fields.ts';
import { severityFromWord } from './severity.ts';
import { LIMITS, type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const STATUSES: Record<string, Action> = { firing: 'open', resolved: 'resolve' };

// Labels naming the machine, most specific first; `instance` is host:port and is split.
const HOST_LABELS = ['host', 'hostname', 'nodename', 'node', 'kubernetes_node', 'server'];
const INSTANCE_LABELS = ['instance', 'exported_instance'];

export function unwrapPayload(kind: string, body: Rec, mainKey: string): Rec {
	if (Object.hasOwn(body, mainKey) || !Object.hasOwn(body, 'payload')) return body;
	return requireRecord(kind, 'payload', own(body, 'payload'));
}

export function normalizeAlertmanager(kind: 'alertmanager' | 'grafana', body: Rec): NormalizedAlert[] {
	const root = unwrapPayload(kind, body, 'alerts');
	const alerts = nested(kind, 'alerts', own(root, 'alerts'));
	if (alerts === undefined || alerts === null) {
		throw new NormalizeError(kind, 'alerts', 'missing', 'alerts is missing: not an Alertmanager/Grafana webhook body');
	}
	if (!Array.isArray(alerts)) {
		throw new NormalizeError(kind, 'alerts', 'invalid', `alerts must be an array, got ${typeName(alerts)}`);
	}
	if (alerts.length > LIMITS.maxAlerts) {
		throw new NormalizeError(kind, 'alerts', 'too_large', `alerts has ${alerts.length} entries, more than ${LIMITS.maxAlerts}`);
	}
	// Array.from, not map: a sparse array (a JS caller, not JSON) must not leave holes in the result.
	return Array.from(alerts, (a, i) => one(kind, `alerts[${i}]`, a));
}

function one(kind: 'alertmanager' | 'grafana', path: string, raw: unknown): NormalizedAlert {
	if (!isRecord(raw)) {
		throw new NormalizeError(kind, path, 'invalid', `${path} must be an object, got ${typeName(raw)}`);
	}
	const a = raw;
	const str = (key: string) => scalar(kind, `${path}.${key}`, own(a, key));

	const statusRaw = str('status');
	if (statusRaw === undefined) {
		throw new NormalizeError(kind, `${path}.status`, 'missing', `${path}.status is missing (the group status is not used per alert)`);
	}
	const status = statusRaw.toLowerCase();
	if (!Object.hasOwn(STATUSES, status)) {
		throw new NormalizeError(kind, `${path}.status`, 'unsupported', `${path}.status "${statusRaw}" is not firing or resolved`);
	}
	const action = STATUSES[status];
	const fingerprint = str('fingerprint');
	if (fingerprint === undefined) {
		throw new NormalizeError(kind, `${path}.fingerprint`, 'missing', `${path}.fingerprint is missing`);
	}

	const labels = requireRecord(kind, `${path}.labels`, own(a, 'labels'));
	const annotations = optionalRecord(kind, `${path}.annotations`, own(a, 'annotations')) ?? {};
	const label = (k: string) => scalar(kind, `${path}.labels.${k}`, own(labels, k));
	const note = (k: string) => scalar(kind, `${path}.annotations.${k}`, own(annotations, k));

	const alertname = label('alertname') ?? label('__alert_rule_title__') ?? 'alert';
	const hostLabels = HOST_LABELS.map(label);
	const instances = INSTANCE_LABELS.map(label);
	const instanceHosts = instances.map(hostOfInstance);
	// Alerts without any machine label (Watchdog, a job-wide ratio) fall back to job, then name.
	const host = [...hostLabels, ...instanceHosts].find((h) => h !== undefined) ?? label('job') ?? label('service') ?? alertname;

	const sevRaw = label('severity') ?? label('priority') ?? label('level');
	// Labels are free-form: an unknown word is kept in `state` but must not drop a real alert.
	const severity: Severity = (sevRaw === undefined ? undefined : severityFromWord(sevRaw)) ?? 'warning';

	const summary = note('summary') ?? note('title') ?? note('message');
	const description = note('description');
	const text = summary !== undefined && description !== undefined && summary !== description ? `${summary}\n${description}` : (summary ?? description ?? alertname);

	const identities = uniq([...hostLabels, ...instances, ...instanceHosts]);
	const alert: NormalizedAlert = {
		kind,
		host,
		service: alertname,
		action,
		severity,
		state: statusRaw,
		dedupKey: fingerprint,
		text,
		links: httpLinks([
			str('generatorURL'),
			note('runbook_url') ?? note('runbook'),
			note('dashboard_url') ?? note('dashboard'),
			str('dashboardURL'),
			str('panelURL'),
			str('silenceURL')
		]),
		identities
	};
	const occurredAt = action === 'resolve' ? (instant(str('endsAt')) ?? instant(str('startsAt'))) : instant(str('startsAt'));
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = identities.map(ipOf).find((x) => x !== undefined);
	if (ip !== undefined) alert.ip = ip;
	return alert;
}
