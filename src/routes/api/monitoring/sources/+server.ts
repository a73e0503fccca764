import { api, ctxOf, jsonBody } from '$lib/server/http';
import { listSources, registerSource } from '$lib/server/monitoring/sources';

export const GET = api(async (event) => ({ sources: await listSources(await ctxOf(event)) }));

/** The token is in this answer only: it is stored as a hash. */
export const POST = api(async (event) => {
	const source = await registerSource(await ctxOf(event), await jsonBody(event.request));
	return Response.json(source, { status: 201, headers: { location: `/api/monitoring/sources/${source.id}` } });
});
