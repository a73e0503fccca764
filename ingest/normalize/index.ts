// Monitoring ingest, step 2 of 3: a sender's native webhook body (already parsed: a JSON
// value, or a form body as Record<string,string>) → NormalizedAlert[]. Pure: no I/O, no db.
// The caller has stored the raw body first; it prefixes dedupKey with the source id, then
// deduplicates and opens/updates/resolves tickets.
import { isRecord, own, typeName, type Rec } from './fields.ts';
import { normalizeAlertmanager } from './alertmanager.ts';
import { normalizeGeneric } from './generic.ts';
import { isIcingaNotifications, normalizeIcingaNotifications } from './icinga-notifications.ts';
import { normalizeNagios } from './nagios.ts';
import { normalizeSolarwinds } from './solarwinds.ts';
import { normalizeZabbix } from './zabbix.ts';
import { KINDS, type Kind, type NormalizedAlert, NormalizeError } from './types.ts';

export { KINDS, ACTIONS, SEVERITIES, LIMITS, NormalizeError, normalizedAlertSchema } from './types.ts';
export type { Kind, Action, Severity, NormalizedAlert, NormalizeProblem } from './types.ts';

export function isKind(kind: unknown): kind is Kind {
	return typeof kind === 'string' && (KINDS as readonly string[]).includes(kind);
}

function requireBody(kind: Kind, body: unknown): Rec {
	if (body === undefined || body === null || body === '') {
		throw new NormalizeError(kind, 'body', 'missing', 'body is empty');
	}
	if (!isRecord(body)) {
		throw new NormalizeError(kind, 'body', 'invalid', `body must be a JSON object or a form record, got ${typeName(body)}`);
	}
	return body;
}

/**
 * Normalise one webhook body. Returns one alert per alert in the body (Alertmanager/Grafana
 * and generic arrays may hold many; an empty `alerts` array gives []). Throws NormalizeError,
 * and only NormalizeError, when the kind is unknown or the body is not that kind's format.
 */
export function normalize(kind: string, body: unknown): NormalizedAlert[] {
	if (!isKind(kind)) {
		throw new NormalizeError(String(kind), 'kind', 'unsupported', `unknown source kind "${String(kind)}" (expected one of ${KINDS.join(', ')})`);
	}
	try {
		switch (kind) {
			case 'nagios':
				return normalizeNagios(kind, requireBody(kind, body));
			case 'icinga': {
				const rec = requireBody(kind, body);
				return isIcingaNotifications(rec) ? normalizeIcingaNotifications(rec) : normalizeNagios(kind, rec);
			}
			case 'solarwinds':
				return normalizeSolarwinds(requireBody(kind, body));
			case 'alertmanager':
			case 'grafana':
				return normalizeAlertmanager(kind, requireBody(kind, body));
			case 'zabbix':
				return normalizeZabbix(requireBody(kind, body));
			case 'generic':
				if (Array.isArray(body)) return normalizeGeneric(body);
				return normalizeGeneric(unwrapGeneric(requireBody(kind, body)));
		}
	} catch (err) {
		if (err instanceof NormalizeError) throw err;
		// A bug here must still answer 4xx-with-reason, not 500; the cause keeps the evidence
		// (the fuzz test asserts no error ever takes this path).
		const wrapped = new NormalizeError(kind, 'body', 'invalid', `body could not be normalised (${err instanceof Error ? err.message : String(err)})`);
		(wrapped as { cause?: unknown }).cause = err;
		throw wrapped;
	}
}

/** Generic bodies may also arrive as `{ "alerts": [...] }`. */
function unwrapGeneric(body: Rec): unknown {
	const alerts = own(body, 'alerts');
	return Array.isArray(alerts) ? alerts : body;
}
