/**
 * Ready-to-paste configuration for each kind of monitoring source, filled with the source's
 * webhook URL and token (or a placeholder when the token is not at hand: it is stored hashed and
 * shown once). Pure: the page and the API render the same snippets. Every snippet is checked by
 * a test that the body it makes normalises (test/unit/monitoring/setup.test.ts).
 */
import type { Kind } from '../../../../ingest/normalize/types';

export const TOKEN_PLACEHOLDER = '<YOUR-SOURCE-TOKEN>';

export interface SetupSnippet {
	/** stable id for the page's message catalog and copy buttons */
	id: string;
	/** where it goes, in plain words */
	title: string;
	/** file name or UI location */
	where: string;
	language: 'sh' | 'yaml' | 'json' | 'conf' | 'text';
	text: string;
}

export interface SetupGuide {
	kind: Kind;
	url: string;
	tokenShown: boolean;
	snippets: SetupSnippet[];
}

export interface SetupInput {
	kind: Kind;
	/** the server's public origin, e.g. https://opshub.example.com */
	baseUrl: string;
	token?: string | null;
	sourceName: string;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function setupGuide(input: SetupInput): SetupGuide {
	const url = `${input.baseUrl.replace(/\/+$/, '')}/api/ingest/${input.kind}`;
	const token = input.token || TOKEN_PLACEHOLDER;
	const auth = `Bearer ${token}`;
	const snippets = SNIPPETS[input.kind]({ url, token, auth, name: input.sourceName });
	return { kind: input.kind, url, tokenShown: Boolean(input.token), snippets };
}

interface Vars {
	url: string;
	token: string;
	auth: string;
	name: string;
}

const SNIPPETS: Record<Kind, (v: Vars) => SetupSnippet[]> = {
	nagios: (v) => [
		{
			id: 'command',
			title: 'Notification commands (POST the Nagios macros as JSON)',
			where: '/usr/local/nagios/etc/objects/opshub.cfg',
			language: 'conf',
			text: `define command {
    command_name    notify-service-opshub
    command_line    /usr/bin/curl -sS -m 10 -X POST ${shq(v.url)} -H ${shq(`Authorization: ${v.auth}`)} -H 'Content-Type: application/json' -d "{\\"NOTIFICATIONTYPE\\":\\"$NOTIFICATIONTYPE$\\",\\"HOSTNAME\\":\\"$HOSTNAME$\\",\\"HOSTADDRESS\\":\\"$HOSTADDRESS$\\",\\"SERVICEDESC\\":\\"$SERVICEDESC$\\",\\"SERVICESTATE\\":\\"$SERVICESTATE$\\",\\"SERVICESTATETYPE\\":\\"$SERVICESTATETYPE$\\",\\"SERVICEOUTPUT\\":\\"$SERVICEOUTPUT$\\",\\"SERVICEPROBLEMID\\":\\"$SERVICEPROBLEMID$\\",\\"LASTSERVICEPROBLEMID\\":\\"$LASTSERVICEPROBLEMID$\\",\\"TIMET\\":\\"$TIMET$\\"}"
}

define command {
    command_name    notify-host-opshub
    command_line    /usr/bin/curl -sS -m 10 -X POST ${shq(v.url)} -H ${shq(`Authorization: ${v.auth}`)} -H 'Content-Type: application/json' -d "{\\"NOTIFICATIONTYPE\\":\\"$NOTIFICATIONTYPE$\\",\\"HOSTNAME\\":\\"$HOSTNAME$\\",\\"HOSTADDRESS\\":\\"$HOSTADDRESS$\\",\\"HOSTSTATE\\":\\"$HOSTSTATE$\\",\\"HOSTSTATETYPE\\":\\"$HOSTSTATETYPE$\\",\\"HOSTOUTPUT\\":\\"$HOSTOUTPUT$\\",\\"HOSTPROBLEMID\\":\\"$HOSTPROBLEMID$\\",\\"LASTHOSTPROBLEMID\\":\\"$LASTHOSTPROBLEMID$\\",\\"TIMET\\":\\"$TIMET$\\"}"
}`
		},
		{
			id: 'contact',
			title: 'A contact that uses them (add it to the contact groups that should open tickets)',
			where: '/usr/local/nagios/etc/objects/opshub.cfg',
			language: 'conf',
			text: `define contact {
    contact_name                    opshub
    alias                           Opshub (${v.name})
    service_notification_period     24x7
    host_notification_period        24x7
    service_notification_options    w,u,c,r,f,s
    host_notification_options       d,u,r,f,s
    service_notification_commands   notify-service-opshub
    host_notification_commands      notify-host-opshub
}`
		}
	],
	icinga: (v) => [
		{
			id: 'command',
			title: 'Icinga 2 notification command (POSTs the macros as JSON)',
			where: '/etc/icinga2/conf.d/opshub.conf',
			language: 'conf',
			text: `object NotificationCommand "opshub" {
  command = [ "/usr/bin/curl", "-sS", "-m", "10", "-X", "POST", "${v.url}",
    "-H", "Authorization: ${v.auth}", "-H", "Content-Type: application/json",
    "-d", "{\\"NOTIFICATIONTYPE\\":\\"$notification.type$\\",\\"HOSTNAME\\":\\"$host.name$\\",\\"HOSTADDRESS\\":\\"$address$\\",\\"SERVICEDESC\\":\\"$service.name$\\",\\"SERVICESTATE\\":\\"$service.state$\\",\\"SERVICESTATETYPE\\":\\"$service.state_type$\\",\\"SERVICEOUTPUT\\":\\"$service.output$\\",\\"TIMET\\":\\"$icinga.timet$\\"}" ]
}

apply Notification "opshub" to Service {
  command = "opshub"
  users = [ "opshub" ]
  types = [ Problem, Recovery, Acknowledgement, FlappingStart, FlappingEnd, DowntimeStart, DowntimeEnd ]
  assign where true
}

object User "opshub" {
  display_name = "Opshub (${v.name})"
}`
		}
	],
	solarwinds: (v) => [
		{
			id: 'action',
			title: 'Alert action "Send a GET or POST request to a web server": URL and method',
			where: 'Orion: Alerts & Activity → Alerts → Manage Alerts → Trigger Actions',
			language: 'text',
			text: `URL: ${v.url}?token=${v.token}
Method: POST
Content type: application/json`
		},
		{
			id: 'body',
			title: 'Body to post (Orion variables), for the trigger action; use "Reset" in the reset action',
			where: 'Body to post',
			language: 'json',
			text: `{
  "ActionType": "Create",
  "AlertName": "\${N=Alerting;M=AlertName}",
  "AlertID": "\${N=Alerting;M=AlertID}",
  "AlertObjectID": "\${N=Alerting;M=AlertObjectID}",
  "AlertActiveID": "\${N=Alerting;M=AlertActiveID}",
  "ObjectType": "\${N=Alerting;M=ObjectType}",
  "ObjectName": "\${N=SwisEntity;M=Caption}",
  "Severity": "\${N=Alerting;M=Severity}",
  "NodeName": "\${N=SwisEntity;M=Node.Caption}",
  "IP_Address": "\${N=SwisEntity;M=Node.IP_Address}",
  "AlertMessage": "\${N=Alerting;M=AlertMessage}",
  "AlertDetailsUrl": "\${N=Alerting;M=AlertDetailsUrl}"
}`
		}
	],
	alertmanager: (v) => [
		{
			id: 'receiver',
			title: 'Alertmanager receiver and route',
			where: 'alertmanager.yml',
			language: 'yaml',
			text: `route:
  receiver: opshub
  group_by: ['alertname', 'instance']
receivers:
  - name: opshub
    webhook_configs:
      - url: '${v.url}'
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: '${v.token}'`
		}
	],
	grafana: (v) => [
		{
			id: 'contact-point',
			title: 'Grafana contact point (webhook), then use it in a notification policy',
			where: 'Grafana: Alerting → Contact points → New → Webhook, or provisioning/alerting/opshub.yaml',
			language: 'yaml',
			text: `apiVersion: 1
contactPoints:
  - orgId: 1
    name: opshub
    receivers:
      - uid: opshub
        type: webhook
        settings:
          url: ${v.url}
          httpMethod: POST
          authorization_scheme: Bearer
          authorization_credentials: ${v.token}`
		}
	],
	zabbix: (v) => [
		{
			id: 'media-type',
			title: 'Zabbix webhook media type (script), with these parameters',
			where: 'Zabbix: Alerts → Media types → Create media type → Type: Webhook',
			language: 'text',
			text: `Parameters:
  url            ${v.url}
  token          ${v.token}
  event_id       {EVENT.ID}
  event_value    {EVENT.VALUE}
  event_nseverity {EVENT.NSEVERITY}
  event_source   {EVENT.SOURCE}
  event_name     {EVENT.NAME}
  event_update_status {EVENT.UPDATE.STATUS}
  host_name      {HOST.NAME}
  host_host      {HOST.HOST}
  host_ip        {HOST.IP}
  trigger_id     {TRIGGER.ID}
  zabbix_url     {$ZABBIX.URL}`
		},
		{
			id: 'script',
			title: 'Script of the media type',
			where: 'Script',
			language: 'text',
			text: `var p = JSON.parse(value), req = new HttpRequest();
req.addHeader('Content-Type: application/json');
req.addHeader('Authorization: Bearer ' + p.token);
var url = p.url; delete p.url; delete p.token;
var resp = req.post(url, JSON.stringify(p));
if (req.getStatus() >= 300) throw 'Opshub answered ' + req.getStatus() + ': ' + resp;
return 'OK';`
		}
	],
	generic: (v) => [
		{
			id: 'curl',
			title: 'Any system that can run a command or POST JSON',
			where: 'shell',
			language: 'sh',
			text: `curl -sS -X POST ${shq(v.url)} \\
  -H ${shq(`Authorization: ${v.auth}`)} -H 'Content-Type: application/json' \\
  -d '{"host":"batch01","service":"nightly-export","status":"firing","severity":"major","id":"export-1","message":"export job failed"}'`
		}
	]
};

/** A believable alert of this kind for "send a test alert": a firing problem on a test host. */
export function testAlertBody(kind: Kind, nowMs: number): Record<string, unknown> {
	const id = String(nowMs);
	const host = 'opshub-test-host';
	switch (kind) {
		case 'nagios':
		case 'icinga':
			return { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: host, SERVICEDESC: 'Opshub test', SERVICESTATE: 'WARNING', SERVICESTATETYPE: 'HARD', SERVICEOUTPUT: 'Test alert sent from Opshub', SERVICEPROBLEMID: id, TIMET: Math.floor(nowMs / 1000) };
		case 'solarwinds':
			return { ActionType: 'Create', AlertName: 'Opshub test', AlertID: 1, AlertObjectID: id, AlertActiveID: id, ObjectType: 'Node', ObjectName: host, Severity: 'Warning', NodeName: host, AlertMessage: 'Test alert sent from Opshub' };
		case 'alertmanager':
		case 'grafana': {
			const alert = { status: 'firing', labels: { alertname: 'OpshubTest', instance: host, severity: 'warning' }, annotations: { summary: 'Test alert sent from Opshub' }, startsAt: new Date(nowMs).toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: `test${id}` };
			return { version: '4', groupKey: '{}:{alertname="OpshubTest"}', status: 'firing', receiver: 'opshub', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://opshub.test', alerts: [alert] };
		}
		case 'zabbix':
			return { event_id: id, event_value: 1, event_nseverity: 2, event_source: 0, event_name: 'Opshub test', event_update_status: 0, host_name: host, host_host: host, trigger_id: 1 };
		case 'generic':
			return { host, service: 'opshub-test', status: 'firing', severity: 'warning', id: `test-${id}`, message: 'Test alert sent from Opshub' };
	}
}
