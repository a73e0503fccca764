import { api, ctxOf } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { monitoringOf } from '$lib/server/monitoring/index';
import { sendTestAlert } from '$lib/server/monitoring/console';

/** Sends a firing test alert as this source: the ticket it opened, or why not. */
export const POST = api(async (event) => {
	const rt = await getRuntime();
	return sendTestAlert(await ctxOf(event), monitoringOf(rt), event.params.id ?? '');
});
