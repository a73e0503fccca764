// Zabbix webhook media type parameters. The names are whatever the media type defines, so
// both the macro spelling (`EVENT.ID`, `{EVENT.ID}`) and the underscore spelling of the
// official templates (`event_id`, `event_nseverity`, `host_name`) are accepted.
import { FieldBag, httpLinks, instant, ipOf, type Rec, trimEnd, uniq } from './fields.ts';
import { type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const KIND = 'zabbix';

const ALIASES: Record<string, string> = {
	EVENTID: 'EVENT.ID',
	EVENTVALUE: 'EVENT.VALUE',
	HOSTNAME: 'HOST.NAME',
	HOST: 'HOST.HOST',
	HOSTIP: 'HOST.IP'
};

export function canonZabbix(rawKey: string): string {
	const c = rawKey
		.trim()
		.replace(/^\{(.*)\}$/, '$1')
		.toUpperCase()
		.replace(/[_\-\s]+/g, '.');
	return Object.hasOwn(ALIASES, c) ? ALIASES[c] : c;
}

// {EVENT.NSEVERITY}: 0 Not classified … 5 Disaster, and {EVENT.SEVERITY} names.
const NSEVERITY: Severity[] = [
	'warning', // 0 Not classified: nobody chose a severity; surface it rather than bury it as info
	'info', // 1 Information
	'warning', // 2 Warning
	'minor', // 3 Average
	'major', // 4 High
	'critical' // 5 Disaster
];
const SEVERITY_NAMES: Record<string, number> = {
	notclassified: 0,
	information: 1,
	info: 1,
	warning: 2,
	average: 3,
	high: 4,
	disaster: 5
};

export function normalizeZabbix(body: Rec): NormalizedAlert[] {
	const f = new FieldBag(KIND, body, canonZabbix);
	const eventId = f.require('EVENT.ID', 'EVENT.ID');
	if (!/^\d+$/.test(eventId)) {
		throw new NormalizeError(KIND, 'EVENT.ID', 'invalid', `EVENT.ID "${eventId}" is not a Zabbix event id`);
	}
	const host = f.require('HOST.NAME', 'HOST.NAME', 'HOST.HOST', 'HOST.IP', 'HOST.DNS');

	const value = f.get('EVENT.VALUE');
	const status = f.get('EVENT.STATUS');
	const isUpdate = f.get('EVENT.UPDATE.STATUS') === '1';
	const updateAction = f.get('EVENT.UPDATE.ACTION');
	let action: Action;
	if (isUpdate) {
		// "acknowledged, commented": an ack; "unacknowledged", "commented", "changed severity",
		// "closed" are updates (a manual close is followed by a recovery message of its own).
		action = updateAction !== undefined && /\backnowledged\b/i.test(updateAction) ? 'ack' : 'update';
	} else if (value !== undefined) {
		if (value === '1') action = 'open';
		else if (value === '0') action = 'resolve';
		else throw new NormalizeError(KIND, 'EVENT.VALUE', 'invalid', `EVENT.VALUE "${value}" is not 1 (problem) or 0 (recovery)`);
	} else if (status !== undefined && /^problem$/i.test(status)) action = 'open';
	else if (status !== undefined && /^(resolved|ok)$/i.test(status)) action = 'resolve';
	else throw new NormalizeError(KIND, 'EVENT.VALUE', 'missing', 'EVENT.VALUE is missing (and EVENT.STATUS is not PROBLEM or RESOLVED)');

	let severity: Severity = 'warning';
	const nsev = f.get('EVENT.NSEVERITY', 'TRIGGER.NSEVERITY');
	const sevName = f.get('EVENT.SEVERITY', 'TRIGGER.SEVERITY');
	if (nsev !== undefined) {
		if (!/^[0-5]$/.test(nsev)) throw new NormalizeError(KIND, 'EVENT.NSEVERITY', 'invalid', `EVENT.NSEVERITY "${nsev}" is not 0-5`);
		severity = NSEVERITY[Number(nsev)];
	} else if (sevName !== undefined) {
		const k = sevName.length > 64 ? '' : sevName.toLowerCase().replace(/[^a-z]/g, '');
		if (!Object.hasOwn(SEVERITY_NAMES, k)) {
			throw new NormalizeError(KIND, 'EVENT.SEVERITY', 'invalid', `EVENT.SEVERITY "${sevName}" is not a Zabbix severity`);
		}
		severity = NSEVERITY[SEVERITY_NAMES[k]];
	}

	// Internal, discovery and autoregistration events are not problems on a host.
	const source = f.get('EVENT.SOURCE');
	const ignored = source !== undefined && source !== '0' ? `event source ${source} is not a trigger` : undefined;

	const name = f.get('EVENT.NAME', 'TRIGGER.NAME', 'PROBLEM.NAME');
	const opdata = f.get('EVENT.OPDATA');
	const text = (name ?? f.get('ALERT.SUBJECT') ?? f.get('ALERT.MESSAGE') ?? `Zabbix event ${eventId}`) + (opdata === undefined ? '' : ` (${opdata})`);

	const zabbixUrl = f.get('ZABBIX.URL');
	const triggerId = f.get('TRIGGER.ID');
	const eventLink =
		zabbixUrl !== undefined && triggerId !== undefined && /^\d+$/.test(triggerId)
			? `${trimEnd(zabbixUrl, '/')}/tr_events.php?triggerid=${triggerId}&eventid=${eventId}`
			: undefined;

	const ipRaw = f.get('HOST.IP');
	const alert: NormalizedAlert = {
		kind: KIND,
		host,
		service: name ?? null,
		action,
		severity,
		state: status ?? (value === '0' ? 'RESOLVED' : value === '1' ? 'PROBLEM' : (value ?? '')),
		dedupKey: eventId, // {EVENT.ID} is the problem event's id in recovery and update messages too
		text,
		links: httpLinks([eventLink, f.get('TRIGGER.URL'), f.get('EVENT.URL')]),
		identities: uniq([host, f.get('HOST.HOST'), f.get('HOST.NAME'), f.get('HOST.DNS'), f.get('HOST.CONN'), ipRaw])
	};
	if (isUpdate) {
		const author = f.get('USER.FULLNAME', 'USER.NAME', 'USER.USERNAME', 'EVENT.UPDATE.USER');
		if (author !== undefined) alert.author = author;
		const comment = f.get('EVENT.UPDATE.MESSAGE');
		if (comment !== undefined) alert.comment = comment;
	}
	// EVENT.DATE/EVENT.TIME are in the Zabbix server's zone, which the body does not say: only
	// unix timestamps are taken.
	const occurredAt = instant(
		isUpdate
			? f.get('EVENT.UPDATE.TIMESTAMP', 'EVENT.TIMESTAMP')
			: action === 'resolve'
				? f.get('EVENT.RECOVERY.TIMESTAMP', 'EVENT.TIMESTAMP')
				: f.get('EVENT.TIMESTAMP')
	);
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = ipOf(ipRaw) ?? ipOf(f.get('HOST.CONN'));
	if (ip !== undefined) alert.ip = ip;
	if (ignored !== undefined) alert.ignored = ignored;
	return [alert];
}
