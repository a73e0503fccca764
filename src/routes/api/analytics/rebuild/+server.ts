import { api, ctxOf } from '$lib/server/http';
import { analyticsRebuildStatus, startAnalyticsRebuild } from '$lib/server/events/rebuildJob';

/** Progress of the analytics rebuild (administrators). */
export const GET = api(async (event) => analyticsRebuildStatus(await ctxOf(event)));

/** Drops and refills ClickHouse from Postgres while the relay runs (docs: README, recovery). */
export const POST = api(async (event) => Response.json(startAnalyticsRebuild(await ctxOf(event)), { status: 202 }));
