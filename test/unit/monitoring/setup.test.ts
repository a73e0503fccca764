import { describe, it, expect } from 'vitest';
import { setupGuide, testAlertBody, TOKEN_PLACEHOLDER } from '../../../src/lib/server/monitoring/setup';
import { normalize, KINDS } from '../../../ingest/normalize/index';

const TOKEN = 'ohm_0123456789abcdef0123456789abcdef_secretsecretsecretsecret';
const BASE = 'https://opshub.example.com/';

/** What Nagios / Icinga would post after substituting the macros in the snippet's -d argument. */
function substitutedBody(snippet: string, values: Record<string, string>): unknown {
	const m = /-d"?,? "(\{.*?\})"/s.exec(snippet.replace(/-d", "/g, '-d "'));
	if (!m) throw new Error('no -d body in the snippet');
	const json = m[1].replace(/\\"/g, '"').replace(/\$([A-Za-z_.]+)\$/g, (_, name: string) => values[name] ?? '');
	return JSON.parse(json);
}

describe('monitoring setup snippets', () => {
	it.each(KINDS)('%s: filled with the URL and token, placeholder without a token', (kind) => {
		const g = setupGuide({ kind, baseUrl: BASE, token: TOKEN, sourceName: 'prod' });
		expect(g.url).toBe(`https://opshub.example.com/api/ingest/${kind}`);
		expect(g.snippets.length).toBeGreaterThan(0);
		const all = g.snippets.map((s) => s.text).join('\n');
		expect(all).toContain(g.url);
		expect(all).toContain(TOKEN);
		const blank = setupGuide({ kind, baseUrl: BASE, token: null, sourceName: 'prod' });
		expect(blank.tokenShown).toBe(false);
		expect(blank.snippets.map((s) => s.text).join('\n')).toContain(TOKEN_PLACEHOLDER);
	});

	it.each(KINDS)('%s: the test alert normalises to one firing alert', (kind) => {
		const alerts = normalize(kind, testAlertBody(kind, Date.UTC(2026, 11, 5)));
		expect(alerts.length).toBeGreaterThanOrEqual(1);
		expect(alerts[0].action).toBe('open');
	});

	it('the Nagios service command posts a body the nagios normaliser reads', () => {
		const g = setupGuide({ kind: 'nagios', baseUrl: BASE, token: TOKEN, sourceName: 'prod' });
		const service = g.snippets[0].text.split('define command')[1];
		const body = substitutedBody(service, {
			NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'db01', HOSTADDRESS: '10.0.0.1', SERVICEDESC: 'Disk', SERVICESTATE: 'CRITICAL', SERVICESTATETYPE: 'HARD', SERVICEOUTPUT: 'disk full', SERVICEPROBLEMID: '77', LASTSERVICEPROBLEMID: '70', TIMET: '1778727852'
		});
		const [a] = normalize('nagios', body);
		expect(a).toMatchObject({ action: 'open', host: 'db01' });
	});

	it('the Icinga 2 command posts a body the icinga normaliser reads', () => {
		const g = setupGuide({ kind: 'icinga', baseUrl: BASE, token: TOKEN, sourceName: 'prod' });
		const body = substitutedBody(g.snippets[0].text, {
			'notification.type': 'PROBLEM', 'host.name': 'web02', address: '10.0.0.2', 'service.name': 'HTTP', 'service.state': 'CRITICAL', 'service.state_type': 'HARD', 'service.output': '503', 'icinga.timet': '1778727852'
		});
		const [a] = normalize('icinga', body);
		expect(a).toMatchObject({ action: 'open', host: 'web02' });
	});
});
