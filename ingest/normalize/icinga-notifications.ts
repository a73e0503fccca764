// Icinga Notifications (the icinga-notifications daemon, not Icinga 2's notification
// commands). Two shapes are accepted:
//  - the webhook channel's NotificationRequest:
//      { contact, object: { name, url, tags: { host, service? }, extra_tags },
//        incident: { id, url }, event: { time, type, severity, username, message } }
//  - the flat event an Icinga 2 / other source posts to /process-event:
//      { name, url, tags, extra_tags, type, severity, username, message }
import { httpLinks, instant, ipOf, makeKey, optionalRecord, own, type Rec, requireRecord, scalar, uniq } from './fields.ts';
import { type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const KIND = 'icinga';

/** Does an `icinga` body look like Icinga Notifications rather than classic macros? */
export function isIcingaNotifications(body: Rec): boolean {
	return Object.hasOwn(body, 'object') || Object.hasOwn(body, 'event') || Object.hasOwn(body, 'tags');
}

// Event types of icinga-notifications (internal/event: TypeState, TypeAcknowledgementSet…).
const TYPES: Record<string, Action> = {
	'acknowledgement-set': 'ack',
	'acknowledgement-cleared': 'update',
	custom: 'update',
	'downtime-start': 'maint_start',
	'downtime-end': 'maint_end',
	'downtime-removed': 'maint_end',
	'flapping-start': 'flap_start',
	'flapping-end': 'flap_stop',
	'incident-age': 'update',
	mute: 'update',
	unmute: 'update'
};

// Syslog-style severities of icinga-notifications. `notice` is below `warning` there, so info.
const SEVERITIES: Record<string, Severity> = {
	emerg: 'critical',
	alert: 'critical',
	crit: 'critical',
	err: 'major',
	warning: 'warning',
	notice: 'info',
	info: 'info',
	debug: 'info',
	ok: 'info'
};

export function normalizeIcingaNotifications(body: Rec): NormalizedAlert[] {
	const hasObject = Object.hasOwn(body, 'object');
	const objPath = hasObject ? 'object' : '';
	const obj = hasObject ? requireRecord(KIND, 'object', own(body, 'object')) : body;
	const evPath = Object.hasOwn(body, 'event') ? 'event' : '';
	const ev = evPath ? requireRecord(KIND, 'event', own(body, 'event')) : body;
	const incident = optionalRecord(KIND, 'incident', own(body, 'incident'));
	const p = (base: string, key: string) => (base ? `${base}.${key}` : key);

	const tags = requireRecord(KIND, p(objPath, 'tags'), own(obj, 'tags'));
	const host = scalar(KIND, p(objPath, 'tags.host'), own(tags, 'host'));
	if (host === undefined) {
		throw new NormalizeError(KIND, p(objPath, 'tags.host'), 'missing', `${p(objPath, 'tags.host')} is missing`);
	}
	const service = scalar(KIND, p(objPath, 'tags.service'), own(tags, 'service')) ?? null;
	const extra = optionalRecord(KIND, p(objPath, 'extra_tags'), own(obj, 'extra_tags'));

	const sevRaw = scalar(KIND, p(evPath, 'severity'), own(ev, 'severity'));
	const typeRaw = scalar(KIND, p(evPath, 'type'), own(ev, 'type')) ?? (sevRaw !== undefined ? 'state' : undefined);
	if (typeRaw === undefined) {
		throw new NormalizeError(KIND, p(evPath, 'type'), 'missing', `${p(evPath, 'type')} is missing`);
	}
	const type = typeRaw.toLowerCase();
	let severity: Severity = 'info';
	if (sevRaw !== undefined) {
		const s = sevRaw.toLowerCase();
		if (!Object.hasOwn(SEVERITIES, s)) {
			throw new NormalizeError(KIND, p(evPath, 'severity'), 'invalid', `${p(evPath, 'severity')} "${sevRaw}" is not an Icinga Notifications severity`);
		}
		severity = SEVERITIES[s];
	}
	let action: Action;
	if (type === 'state') {
		if (sevRaw === undefined) {
			throw new NormalizeError(KIND, p(evPath, 'severity'), 'missing', `${p(evPath, 'severity')} is missing on a state event`);
		}
		action = sevRaw.toLowerCase() === 'ok' ? 'resolve' : 'open';
	} else if (Object.hasOwn(TYPES, type)) {
		action = TYPES[type];
	} else {
		throw new NormalizeError(KIND, p(evPath, 'type'), 'unsupported', `${p(evPath, 'type')} "${typeRaw}" is not supported`);
	}

	// One incident spans problem → ok, so its id is the natural key; the flat event has none.
	const incidentId = incident ? scalar(KIND, 'incident.id', own(incident, 'id')) : undefined;
	const dedupKey = incidentId === undefined ? makeKey(host, service ?? '') : makeKey(host, service ?? '', `incident-${incidentId}`);

	const message = scalar(KIND, p(evPath, 'message'), own(ev, 'message'));
	const name = scalar(KIND, p(objPath, 'name'), own(obj, 'name'));
	const address = extra ? (scalar(KIND, 'extra_tags.address', own(extra, 'address')) ?? undefined) : undefined;
	const alert: NormalizedAlert = {
		kind: KIND,
		host,
		service,
		action,
		severity,
		state: sevRaw ?? typeRaw,
		dedupKey,
		text: message ?? name ?? `${typeRaw} ${host}${service === null ? '' : `/${service}`}`,
		links: httpLinks([
			scalar(KIND, p(objPath, 'url'), own(obj, 'url')),
			incident ? scalar(KIND, 'incident.url', own(incident, 'url')) : undefined
		]),
		identities: uniq([host, address])
	};
	const author = scalar(KIND, p(evPath, 'username'), own(ev, 'username'));
	if (author !== undefined) alert.author = author;
	if (action === 'ack' && message !== undefined) alert.comment = message;
	const occurredAt = instant(scalar(KIND, p(evPath, 'time'), own(ev, 'time')));
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = ipOf(address);
	if (ip !== undefined) alert.ip = ip;
	return [alert];
}
