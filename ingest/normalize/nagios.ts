// Nagios / Icinga classic notifications: macro names as keys, with or without the
// NAGIOS_/ICINGA_ environment prefix (the PagerDuty-script style), the inline-curl JSON with
// snake_case keys (host_name, service_description, state, state_type, plugin_output…), and
// Icinga 2 dotted macro names (host.name, service.state…). All land on one canonical macro name.
import { FieldBag, httpLinks, instant, ipOf, makeKey, type Rec, uniq } from './fields.ts';
import { type Action, type NormalizedAlert, NormalizeError, type Severity } from './types.ts';

const ALIASES: Record<string, string> = {
	HOST: 'HOSTNAME',
	HOSTDISPLAY: 'HOSTDISPLAYNAME',
	SERVICE: 'SERVICEDESC',
	SERVICEDESCRIPTION: 'SERVICEDESC',
	SERVICENAME: 'SERVICEDESC', // Icinga 2 $service.name$
	TYPE: 'NOTIFICATIONTYPE',
	AUTHOR: 'NOTIFICATIONAUTHOR',
	AUTHORNAME: 'NOTIFICATIONAUTHORNAME',
	COMMENT: 'NOTIFICATIONCOMMENT',
	TIMESTAMP: 'TIMET',
	HOSTIP: 'HOSTADDRESS',
	IP: 'HOSTADDRESS',
	ADDRESS: 'HOSTADDRESS',
	PLUGINOUTPUT: 'OUTPUT',
	SERVICEPLUGINOUTPUT: 'SERVICEOUTPUT',
	HOSTPLUGINOUTPUT: 'HOSTOUTPUT'
};

export function canonMacro(rawKey: string): string {
	const c = rawKey
		.replace(/^(nagios|icinga)[_.]/i, '')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '');
	return Object.hasOwn(ALIASES, c) ? ALIASES[c] : c;
}

// NOTIFICATIONTYPE after upper-casing and dropping separators (Icinga 2 sends "FlappingStart").
const TYPES: Record<string, Action> = {
	PROBLEM: 'open',
	RECOVERY: 'resolve',
	ACKNOWLEDGEMENT: 'ack',
	ACKNOWLEDGMENT: 'ack',
	FLAPPINGSTART: 'flap_start',
	FLAPPINGSTOP: 'flap_stop',
	FLAPPINGEND: 'flap_stop', // Icinga 2
	FLAPPINGDISABLED: 'flap_stop',
	DOWNTIMESTART: 'maint_start',
	DOWNTIMEEND: 'maint_end',
	DOWNTIMECANCELLED: 'maint_end',
	DOWNTIMEREMOVED: 'maint_end', // Icinga 2
	CUSTOM: 'update'
};

const SERVICE_STATES: Record<string, Severity> = {
	CRITICAL: 'critical',
	WARNING: 'warning',
	UNKNOWN: 'minor', // the check itself failed: someone should look, but nothing is known broken
	OK: 'info',
	PENDING: 'info'
};
const HOST_STATES: Record<string, Severity> = {
	DOWN: 'critical',
	UNREACHABLE: 'major', // a parent is down; the parent's own alert carries the critical
	UP: 'info',
	PENDING: 'info'
};
const SERVICE_STATE_IDS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const HOST_STATE_IDS = ['UP', 'DOWN', 'UNREACHABLE'];

// SOFT only matters for state notifications; acks, downtimes and flapping are operator or
// scheduler facts and pass whatever the state type.
const SOFT_IGNORED: Action[] = ['open', 'resolve', 'update'];

function problemId(s: string | undefined): string | undefined {
	return s !== undefined && /^\d+$/.test(s) && !/^0+$/.test(s) ? s : undefined;
}

export function normalizeNagios(kind: 'nagios' | 'icinga', body: Rec): NormalizedAlert[] {
	const f = new FieldBag(kind, body, canonMacro);
	const host = f.require('HOSTNAME', 'HOSTNAME', 'HOSTDISPLAYNAME');
	const service = f.get('SERVICEDESC', 'SERVICEDISPLAYNAME') ?? null;
	const obj = service === null ? 'HOST' : 'SERVICE';
	// Snake-case JSON has bare `state`, `state_type`, `output`… for whichever object it is about.
	const rel = (name: string) => f.get(obj + name, name);

	let state = rel('STATE');
	const stateId = rel('STATEID');
	if (state === undefined && stateId !== undefined) {
		const names = obj === 'HOST' ? HOST_STATE_IDS : SERVICE_STATE_IDS;
		state = /^\d$/.test(stateId) ? names[Number(stateId)] : undefined;
		if (state === undefined) {
			throw new NormalizeError(kind, `${obj}STATEID`, 'invalid', `${obj}STATEID "${stateId}" is not a ${obj.toLowerCase()} state id`);
		}
	}
	const upperState = state?.toUpperCase();
	const states = obj === 'HOST' ? HOST_STATES : SERVICE_STATES;
	if (upperState !== undefined && !Object.hasOwn(states, upperState)) {
		throw new NormalizeError(kind, `${obj}STATE`, 'invalid', `${obj}STATE "${state}" is not a Nagios ${obj.toLowerCase()} state`);
	}

	// The inline-curl style often omits the type: a state alone says problem or recovery.
	let typeRaw = f.get('NOTIFICATIONTYPE');
	if (typeRaw === undefined) {
		if (upperState === undefined) {
			throw new NormalizeError(kind, 'NOTIFICATIONTYPE', 'missing', `NOTIFICATIONTYPE is missing and there is no ${obj}STATE to infer it from`);
		}
		typeRaw = upperState === 'OK' || upperState === 'UP' ? 'RECOVERY' : 'PROBLEM';
	}
	const typeKey = typeRaw.length > 64 ? '' : typeRaw.toUpperCase().replace(/[^A-Z]/g, '');
	if (!Object.hasOwn(TYPES, typeKey)) {
		throw new NormalizeError(kind, 'NOTIFICATIONTYPE', 'unsupported', `NOTIFICATIONTYPE "${typeRaw}" is not supported`);
	}
	const action = TYPES[typeKey];

	let severity: Severity;
	if (upperState !== undefined) severity = states[upperState];
	else if (action === 'open') {
		throw new NormalizeError(kind, `${obj}STATE`, 'missing', `${obj}STATE is missing on a PROBLEM notification`);
	} else severity = action === 'resolve' ? 'info' : 'warning';

	// The recovery must land on the problem's key: its own problem id is 0, the last one is it.
	let pid = problemId(rel('PROBLEMID'));
	if (pid === undefined && action === 'resolve') pid = problemId(f.get(`LAST${obj}PROBLEMID`, 'LASTPROBLEMID'));
	const dedupKey = pid === undefined ? makeKey(host, service ?? '') : makeKey(host, service ?? '', pid);

	const output = rel('OUTPUT');
	const longOutput = f.get(`LONG${obj}OUTPUT`, `${obj}LONGOUTPUT`, 'LONGOUTPUT');
	const text =
		[output, longOutput].filter((s) => s !== undefined).join('\n') ||
		`${typeRaw}: ${host}${service === null ? '' : `/${service}`} is ${state ?? 'unknown'}`;

	const stateType = rel('STATETYPE');
	const ignored = stateType?.toUpperCase() === 'SOFT' && SOFT_IGNORED.includes(action) ? 'SOFT state' : undefined;

	const address = f.get('HOSTADDRESS');
	const address6 = f.get('HOSTADDRESS6');
	const alert: NormalizedAlert = {
		kind,
		host,
		service,
		action,
		severity,
		state: state ?? '',
		dedupKey,
		text,
		links: httpLinks([f.get('SERVICEACTIONURL'), f.get('SERVICENOTESURL'), f.get('HOSTACTIONURL'), f.get('HOSTNOTESURL')]),
		identities: uniq([host, f.get('HOSTDISPLAYNAME'), f.get('HOSTALIAS'), address, address6])
	};
	const author = f.get('NOTIFICATIONAUTHORNAME', 'NOTIFICATIONAUTHOR');
	if (author !== undefined) alert.author = author;
	const comment = f.get('NOTIFICATIONCOMMENT');
	if (comment !== undefined) alert.comment = comment;
	const occurredAt = instant(f.get('TIMET'));
	if (occurredAt !== undefined) alert.occurredAt = occurredAt;
	const ip = ipOf(address) ?? ipOf(address6);
	if (ip !== undefined) alert.ip = ip;
	if (ignored !== undefined) alert.ignored = ignored;
	return [alert];
}
