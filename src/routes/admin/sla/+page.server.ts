import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { authorize } from '$lib/server/rbac/actor';
import { loadSlaConfig } from '$lib/server/tickets/slaConfig';
import { SLA_PRIORITIES, SLA_TARGET_MAX } from '$lib/server/sla/policies';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	authorize(ctx.actor, 'tickets.manage');
	const config = await loadSlaConfig(ctx.db);
	const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...Object.values(config.calendars).map((c) => c.timeZone)]);
	return {
		policies: SLA_PRIORITIES.filter((p) => config.policies[p]).map((p) => config.policies[p]),
		calendars: Object.entries(config.calendars)
			.map(([id, c]) => ({ id, timeZone: c.timeZone, weeklyHours: c.weeklyHours.map((d) => d.map(([s, e]) => [s, e] as [number, number])), holidays: [...c.holidays] }))
			.sort((a, b) => a.id.localeCompare(b.id)),
		max: SLA_TARGET_MAX,
		timeZones: [...zones].sort()
	};
});
