import { api, ctxOf } from '$lib/server/http';
import { noiseView } from '$lib/server/monitoring/console';
import { invalid } from '$lib/server/errors';

/** ?days=1..90 (default 7): alert noise and the noisiest hosts; monitoring.read. */
export const GET = api(async (event) => {
	const raw = event.url.searchParams.get('days');
	const days = raw === null || raw === '' ? 7 : Number(raw);
	if (!Number.isInteger(days) || days < 1 || days > 90) throw invalid('days must be a whole number from 1 to 90', 'days');
	return noiseView(await ctxOf(event), { days });
});
