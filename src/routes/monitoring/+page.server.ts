import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { listSources } from '$lib/server/monitoring/index';
import { runKpis } from '$lib/server/kpi/index';
import { noisyHosts } from '$lib/server/monitoring/noise';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	const now = Date.now();
	const to = new Date(Math.ceil((now + 1) / 60_000) * 60_000);
	const from = new Date(to.getTime() - 7 * 86_400_000);
	const [sources, noise, hosts] = await Promise.all([
		listSources(ctx),
		runKpis(ctx.ch, { metrics: ['alert_noise'], from, to, filters: {}, groupBy: { dimensions: [], time: null } }),
		noisyHosts(ctx.ch, from, to, 10)
	]);
	return {
		sources: sources.map((s) => ({ ...s, lastSeenAt: s.lastSeenAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString(), prevTokenExpiresAt: s.prevTokenExpiresAt?.toISOString() ?? null, recentRejects: s.recentRejects.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })) })),
		noise: noise[0]?.groups[0]?.values ?? null,
		hosts,
		canManage: locals.actor?.permissions.has('monitoring.manage') ?? false
	};
});
