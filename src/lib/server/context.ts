import type { ClickHouse } from './analytics/clickhouse';
import type { Db } from './db/index';
import type { Actor } from './rbac/actor';

/** What every service verb receives: the database (or the open transaction) and who acts. */
export interface Ctx {
	db: Db;
	actor: Actor | null;
	/** The analytics store, for verbs that read or write ClickHouse (set by ctxOf for requests). */
	ch?: ClickHouse;
}

/** The context of an analytics verb: ClickHouse comes with it, like the database. */
export type AnalyticsCtx = Ctx & { ch: ClickHouse };

/** The analytics store of a context; a programming error (500) when the caller did not provide it. */
export function chOf(ctx: Ctx): ClickHouse {
	if (!ctx.ch) throw new Error('this verb needs ClickHouse on its context (ctx.ch)');
	return ctx.ch;
}
