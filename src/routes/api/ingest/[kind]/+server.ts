/**
 * Monitoring webhooks. Authenticated by the source token (`ohm_…`: Bearer, Basic password or
 * ?token=), not by the session/API-token actor. Answers 202 { alertId } once the raw body is stored.
 */
import { api } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { monitoringOf, readBodyCapped } from '$lib/server/monitoring/index';

export const POST = api(async ({ request, params, url }) => {
	const m = monitoringOf(await getRuntime());
	m.checkDeclaredLength(request.headers.get('content-length'));
	const body = await readBodyCapped(request, m.maxBodyBytes);
	const r = await m.ingest({ kind: (params as Record<string, string>).kind, headers: request.headers, queryToken: url.searchParams.get('token'), body });
	return Response.json(r, { status: 202 });
});
