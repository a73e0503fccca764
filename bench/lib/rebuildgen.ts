/**
 * Postgres data for the analytics rebuild bench (bench/rebuild.ts), generated set-based inside
 * Postgres: a few thousand realistic ticket lifecycles are built in JS with the production
 * eventRow() (bench/lib/eventgen.ts) into a template table, then copied `copies` times by one
 * INSERT … SELECT with new event and ticket ids (md5 of the template id and the copy number) and
 * dates moved back by 5 days per copy. The outbox gets what a live desk leaves behind: a shipped
 * row for most events, none for ~10 % (the demo desk's history, written without an outbox row),
 * an unshipped row for ~0.2 % (the relay's backlog at the cut-over), plus `alerts` monitoring alert
 * events (topic alert_events, shipped but 0.2 %).
 * The ticket_events → tickets foreign key is dropped in the bench database: the rebuild never
 * reads tickets, and generating a million tickets would only slow the setup.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/index';
import { lifecycle, type GenDesk } from './eventgen';
import { rowsOf } from '../../src/lib/server/db/index';

export interface RebuildData {
	ticketEvents: number;
	alertEvents: number;
	outboxTicketRows: number;
	unshipped: number;
	ms: number;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function generateRebuildData(db: Db, desk: GenDesk, events: number, alerts: number, endMs = Date.now()): Promise<RebuildData> {
	const t0 = performance.now();
	const TEMPLATE_TICKETS = 2000;
	const tpl: { data: unknown }[] = [];
	for (let i = 0; i < TEMPLATE_TICKETS; i++) for (const r of lifecycle(i, desk, endMs, 30 * 86_400_000)) tpl.push({ data: r });
	await db.execute(sql`drop table if exists bench_tpl`);
	await db.execute(sql`create unlogged table bench_tpl (n serial, data jsonb not null)`);
	for (let i = 0; i < tpl.length; i += 5000)
		await db.execute(sql`insert into bench_tpl (data) select x.data from json_populate_recordset(null::bench_tpl, ${JSON.stringify(tpl.slice(i, i + 5000))}::json) x`);
	const copies = Math.ceil(events / tpl.length);
	await db.execute(sql`alter table ticket_events drop constraint if exists ticket_events_ticket_id_tickets_id_fk`);
	await db.execute(sql.raw(`
		insert into ticket_events (id, ticket_id, type, at, actor_id, actor_label, data)
		select e.id, e.tid, t.data->>'type', e.at, null, 'bench',
			t.data || jsonb_build_object('event_id', e.id, 'ticket_id', e.tid,
				'at', to_char(e.at at time zone 'UTC', ${ISO}), 'ticket_created_at', to_char(e.created at time zone 'UTC', ${ISO}))
		from generate_series(0, ${copies - 1}) k
		cross join bench_tpl t
		cross join lateral (select md5((t.data->>'event_id') || k)::uuid as id, md5((t.data->>'ticket_id') || k)::uuid as tid,
			(t.data->>'at')::timestamptz - k * interval '5 days' as at,
			(t.data->>'ticket_created_at')::timestamptz - k * interval '5 days' as created) e
		order by k, t.n
		limit ${events}`));
	// Outbox rows: none for ~10 % (hash of the id), unshipped for ~0.2 %, shipped for the rest.
	await db.execute(sql.raw(`
		insert into outbox (topic, event_id, payload, created_at, shipped_at)
		select 'ticket_events', e.id, e.data, e.at, case when h % 500 = 7 then null else e.at + interval '1 second' end
		from ticket_events e cross join lateral (select ('x' || substr(md5(e.id::text), 1, 8))::bit(32)::int & 2147483647 as h) x
		where h % 10 <> 3
		order by e.at`));
	await db.execute(sql.raw(`
		insert into outbox (topic, event_id, payload, created_at, shipped_at)
		select 'alert_events', a.id, jsonb_build_object('event_id', a.id, 'at', to_char(a.at at time zone 'UTC', ${ISO}),
			'alert_id', 'al-' || i, 'source_id', 'src-' || (i % 20), 'source_kind', 'prometheus', 'host', 'host-' || (i % 500),
			'service', 'svc-' || (i % 40), 'action', 'open', 'severity', (array['critical','warning','info'])[1 + i % 3],
			'dedup_key', 'dk-' || (i % 5000), 'outcome', (array['opened','appended','acked','resolved','suppressed'])[1 + i % 5],
			'ticket_id', '', 'ci_id', ''), a.at, case when i % 500 = 11 then null else a.at + interval '1 second' end
		from generate_series(1, ${alerts}) i
		cross join lateral (select md5('alert' || i)::uuid as id, to_timestamp(${Math.floor(endMs / 1000)}) - (i * interval '30 seconds') as at) a`));
	await db.execute(sql`drop table bench_tpl`);
	await db.execute(sql`vacuum analyze ticket_events`);
	await db.execute(sql`vacuum analyze outbox`);
	const [c] = rowsOf<{ te: number; ob: number; al: number; un: number }>(
		await db.execute(sql`select (select count(*)::int from ticket_events) as te,
			(select count(*)::int from outbox where topic = 'ticket_events') as ob,
			(select count(*)::int from outbox where topic = 'alert_events') as al,
			(select count(*)::int from outbox where shipped_at is null) as un`)
	);
	return { ticketEvents: Number(c.te), alertEvents: Number(c.al), outboxTicketRows: Number(c.ob), unshipped: Number(c.un), ms: performance.now() - t0 };
}
