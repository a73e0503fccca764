// SolarWinds Orion "Send a GET or POST request" alert actions (trigger and reset), JSON or
// form, with the variable names integrations conventionally give them (AlertName,
// AlertObjectID, AlertActiveID, NodeName, IP_Address, Severity, ActionType…). Key lookup is
// case- and separator-insensitive: `IP_Address`, `ipaddress` and `IPAddress` are one field.
import { FieldBag, httpLinks, instant, ipOf, makeKey, type Rec, truthy, uniq } from './fields.ts';
import { type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const KIND = 'solarwinds';

const canon = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

const ACTION_TYPES: Record<string, Action> = {
	create: 'open',
	trigger: 'open',
	triggered: 'open',
	open: 'open',
	new: 'open',
	resolve: 'resolve',
	resolved: 'resolve',
	reset: 'resolve',
	clear: 'resolve',
	cleared: 'resolve',
	close: 'resolve',
	closed: 'resolve',
	acknowledge: 'ack',
	acknowledged: 'ack',
	ack: 'ack',
	update: 'update',
	note: 'update',
	escalate: 'update'
};

// Orion's five alert severities, by name and by the numeric value of AlertConfigurations.Severity.
const SEVERITY_NAMES: Record<string, Severity> = {
	critical: 'critical',
	serious: 'major',
	warning: 'warning',
	notice: 'info', // below Warning in Orion's order
	informational: 'info',
	information: 'info',
	info: 'info'
};
const SEVERITY_NUMBERS: Record<string, Severity> = {
	'0': 'info', // Informational
	'1': 'warning', // Warning
	'2': 'critical', // Critical
	'3': 'major', // Serious
	'4': 'info' // Notice
};

const RESET_FLAGS = ['reset', 'isreset', 'alertreset', 'resolved', 'isresolved', 'cleared'];

export function normalizeSolarwinds(body: Rec): NormalizedAlert[] {
	const f = new FieldBag(KIND, body, canon);
	const objectId = f.require('AlertObjectID', 'alertobjectid');
	const activeId = f.get('alertactiveid');

	const actionRaw = f.get('actiontype', 'action');
	let action: Action;
	if (actionRaw !== undefined) {
		const a = actionRaw.toLowerCase();
		if (!Object.hasOwn(ACTION_TYPES, a)) {
			throw new NormalizeError(KIND, 'ActionType', 'unsupported', `ActionType "${actionRaw}" is not supported (Create, Resolve, Acknowledge, Update)`);
		}
		action = ACTION_TYPES[a];
	} else {
		action = RESET_FLAGS.some((k) => truthy(f.get(k))) ? 'resolve' : 'open';
	}

	const sevRaw = f.get('severity', 'alertseverity');
	let severity: Severity = 'warning'; // Orion's default for a new alert definition
	if (sevRaw !== undefined) {
		const s = sevRaw.toLowerCase();
		const mapped = Object.hasOwn(SEVERITY_NAMES, s) ? SEVERITY_NAMES[s] : Object.hasOwn(SEVERITY_NUMBERS, s) ? SEVERITY_NUMBERS[s] : undefined;
		if (mapped === undefined) {
			throw new NormalizeError(KIND, 'Severity', 'invalid', `Severity "${sevRaw}" is not an Orion severity (Informational, Notice, Warning, Serious, Critical)`);
		}
		severity = mapped;
	}

	const ipAddress = f.get('ipaddress', 'nodeip', 'ip');
	const objectType = f.get('objecttype', 'entitytype');
	const objectName = f.get('objectname', 'entityname', 'componentname', 'interfacename');
	const alertName = f.get('alertname');
	// Node alerts are host checks; interface/volume/application alerts are about an entity on it.
	const isNode = objectType === undefined || /^(orion\.)?nodes?$/i.test(objectType);
	const host = f.get('nodename', 'caption', 'node', 'hostname', 'sysname', 'dns') ?? (isNode ? objectName : undefined) ?? ipAddress;
	if (host === undefined) {
		throw new NormalizeError(KIND, 'NodeName', 'missing', 'NodeName is missing (looked for NodeName, Caption, DNS, IP_Address)');
	}
	const service = isNode ? null : (objectName ?? alertName ?? objectType);

	const alert: NormalizedAlert = {
		kind: KIND,
		host,
		service,
		action,
		severity,
		state: actionRaw ?? (action === 'resolve' ? 'Reset' : 'Trigger'),
		// An Orion alert instance is (object, active row); AlertActiveID alone repeats across objects.
		dedupKey: activeId === undefined ? makeKey(objectId) : makeKey(objectId, activeId),
		text: f.get('alertmessage', 'message') ?? alertName ?? f.get('alertdescription') ?? `Orion alert on ${host}`,
		links: httpLinks([f.get('alertdetailsurl'), f.get('nodedetailsurl', 'detailsurl'), f.get('acknowledgeurl')]),
		identities: uniq([host, f.get('nodename'), f.get('caption'), f.get('dns'), f.get('sysname'), ipAddress])
	};
	if (action === 'ack' || action === 'update') {
		const author = f.get('acknowledgedby', 'author', 'user');
		if (author !== undefined) alert.author = author;
		const comment = f.get('notes', 'acknowledgednote', 'comment');
		if (comment !== undefined) alert.comment = comment;
	}
	const occurredAt = instant(f.get('alerttriggertimeutc', 'timestamp', 'alerttriggertime'));
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = ipOf(ipAddress);
	if (ip !== undefined) alert.ip = ip;
	return [alert];
}
