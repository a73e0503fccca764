import { api, ctxOf, requireJsonType } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { rotateSourceToken } from '$lib/server/monitoring/sources';

export const POST = api(async (event) => {
	const text = await event.request.text();
	let body: unknown = {};
	if (text.trim()) {
		requireJsonType(event.request);
		try {
			body = JSON.parse(text);
		} catch (e) {
			throw invalid(`Request body is not valid JSON: ${(e as Error).message}`);
		}
	}
	return rotateSourceToken(await ctxOf(event), event.params.id ?? "", body);
});
