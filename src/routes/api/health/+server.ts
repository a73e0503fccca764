import { getRuntime } from '$lib/server/runtime';
import { checkHealth } from '$lib/server/health';

export const GET = async () => {
	const rt = await getRuntime();
	const h = await checkHealth(rt);
	return Response.json(h, { status: h.status === 'ok' ? 200 : 503 });
};
