/**
 * Agent desk bench on PostgreSQL: queue views (first page and a deep keyset page), full-text
 * search, and the ticket page data (ticket + 200-event timeline).
 *   npm run bench:desk -- [tickets=300000] [commentsPerTicket=10] [iterations=40]
 * Needs PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres for admin;
 * it creates and drops its own database). Targets (issue 15, at 1M tickets / 10M comments):
 * queue p95 ≤ 100 ms (first page and page 5,000), search p95 ≤ 150 ms, ticket page p95 ≤ 50 ms.
 *
 * Data: tickets over 180 days, 30 % open (spread over 40 groups, a third unassigned, priorities
 * P1–P5), titles and comments from a vocabulary in English, French and Spanish (the ticket's
 * language picks its text-search configuration). Comments are bulk-loaded with the search
 * trigger off, then each ticket's comment vector is built in one set-based pass, which is what
 * the triggers would have produced one comment at a time.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDb, migrateDb, rowsOf } from '../src/lib/server/db/index';
import { seedReferenceData } from '../src/lib/server/seed';
import { createAccount, loadAccountActor } from '../src/lib/server/rbac/accounts';
import { systemActor } from '../src/lib/server/rbac/actor';
import { listQueue, encodeCursor, QUEUE_VIEWS } from '../src/lib/server/tickets/queue';
import { searchTickets } from '../src/lib/server/tickets/search';
import { getTicketPage } from '../src/lib/server/tickets/page';

const N = Number(process.argv[2] ?? 300_000);
const C = Number(process.argv[3] ?? 10);
const ITER = Number(process.argv[4] ?? 40);
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `opshub_bench_desk_${process.pid}`;

function pct(xs: number[], p: number) {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;
async function time(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
	await f(0); // warm
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const t = performance.now();
		await f(i);
		out.push(performance.now() - t);
	}
	return out;
}

async function main() {
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	await admin.query(`create database "${DB}"`);
	const url = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`);
	const database = await openDb({ url, poolMax: 4 });
	const db = database.db;
	const rows: string[] = [];
	try {
		await migrateDb(database);
		await seedReferenceData(db);
		const sys = { db, actor: systemActor('bench') };
		const acc = await createAccount(sys, { email: 'bench-agent@desk.test', name: 'Bench Agent', roles: ['agent'], tier: 'L1' });
		const agent = (await loadAccountActor(db, acc.id))!;
		const ctx = { db, actor: agent };

		let t0 = performance.now();
		await db.execute(sql`select setseed(0.15)`);
		await db.execute(sql`insert into groups (name, tier) select 'group ' || g, (array['L0','L1','L2','L3'])[1 + g % 4] from generate_series(1, 40) g`);
		await db.execute(sql`insert into group_members (group_id, account_id) select id, ${acc.id}::uuid from groups order by name limit 3`);
		await db.execute(sql`create temp table words as select unnest(array[
			'printer','network','vpn','password','laptop','outlook','server','disk','backup','database','screen','keyboard',
			'imprimante','réseau','mot de passe','ordinateur','serveur','sauvegarde','écran','messagerie','lenteur','panne',
			'impresora','red','contraseña','portátil','servidor','copia','pantalla','correo','lentitud','caída']) as w`);
		// Tickets: 30 % open. SLA due spread ±3 days around now for open ones.
		await db.execute(sql`
			insert into tickets (id, number, type, title, description, channel, category, priority, tier, group_id, agent_id,
				status, created_at, updated_at, resolved_at, sla_calendar_id, sla_response_ms, sla_resolution_ms,
				sla_response_due_at, sla_resolution_due_at, sla_due_at, language, requester_name)
			select gen_random_uuid(), 'INC-' || lpad(g::text, 7, '0'), 'incident',
				w1.w || ' ' || w2.w || ' ' || g, 'Problem with ' || w2.w || ' and ' || w1.w || ' since this morning',
				(array['portal','email','phone','chat','api','monitoring'])[1 + g % 6],
				(array['hardware','software','network','security','user_support','service_request','data_recovery','performance','consulting','other'])[1 + g % 10],
				'P' || (1 + g % 5), (array['L0','L1','L2','L3'])[1 + g % 4],
				(select id from groups order by name offset (g % 40) limit 1),
				case when g % 3 = 0 then null when g % 7 = 0 then ${acc.id}::uuid else null end,
				case when g % 10 < 3 then (array['new','assigned','in_progress','pending','reopened'])[1 + g % 5]
				     else (array['resolved','closed'])[1 + g % 2] end,
				now() - (g::float / ${N} * interval '180 days'), now() - (g::float / ${N} * interval '180 days') + interval '1 hour',
				case when g % 10 >= 3 then now() - (g::float / ${N} * interval '180 days') + interval '5 hours' end,
				'business', 3600000, 36000000, null, now(),
				case when g % 10 < 3 and g % 5 <> 3 then now() + ((random() * 6 - 3) * interval '1 day') end,
				(array['en','fr','es'])[1 + g % 3], 'user' || (g % 5000) || '@corp.example'
			from generate_series(1, ${N}) g
			cross join lateral (select w from words order by random() + g * 0 limit 1) w1
			cross join lateral (select w from words order by random() + g * 0 limit 1) w2`);
		rows.push(`| tickets loaded | ${N.toLocaleString('en-US')} in ${((performance.now() - t0) / 1000).toFixed(0)} s | |`);
		t0 = performance.now();
		await db.execute(sql`alter table ticket_comments disable trigger comments_search_ins`);
		await db.execute(sql`insert into ticket_comments (ticket_id, author_label, public, body, at)
			select t.id, 'agent@corp.example', c % 4 <> 0, 'Checked the ' || (array['printer','vpn','serveur','correo','disk','écran'])[1 + (c + length(t.number)) % 6] || ' again, step ' || c, t.created_at + c * interval '10 minutes'
			from tickets t cross join generate_series(1, ${C}) c`);
		await db.execute(sql`alter table ticket_comments enable trigger comments_search_ins`);
		await db.execute(sql`update tickets t set comments_tsv = x.v from (
			select c.ticket_id, setweight(to_tsvector(opshub_ts_config(min(t2.language)), string_agg(c.body, ' ')), 'C') v
			from ticket_comments c join tickets t2 on t2.id = c.ticket_id where c.public group by c.ticket_id) x where x.ticket_id = t.id`);
		// Steady state: autovacuum has set the visibility map (index-only scans) on a live desk.
		await db.execute(sql`vacuum analyze tickets`);
		await db.execute(sql`vacuum analyze ticket_comments`);
		rows.push(`| comments loaded + indexed | ${(N * C).toLocaleString('en-US')} in ${((performance.now() - t0) / 1000).toFixed(0)} s | |`);

		// A ticket with a 200-event timeline.
		const [target] = rowsOf<{ id: string; number: string }>(await db.execute(sql`select id, number from tickets where status = 'in_progress' limit 1`));
		await db.execute(sql`insert into ticket_events (id, ticket_id, type, at, actor_label, data)
			select gen_random_uuid(), ${target.id}::uuid, (array['ticket.commented','ticket.work_logged','ticket.status_changed','ticket.updated'])[1 + g % 4],
				now() - g * interval '1 minute', 'agent@corp.example',
				jsonb_build_object('status', 'in_progress', 'from_status', 'assigned', 'payload', '{"public":true}')
			from generate_series(1, 200) g`);

		const now = Date.now();
		for (const view of QUEUE_VIEWS) {
			const xs = await time(ITER, () => listQueue(ctx, { view, limit: 50 }, now));
			rows.push(`| queue "${view}", first page (with counts) | ≤ 100 ms | ${fmt(xs)} |`);
		}
		const noCounts = await time(ITER, () => listQueue(ctx, { view: 'all_open', limit: 50 }, now, { withCounts: false }));
		rows.push(`| queue "all_open", first page, rows only | ≤ 100 ms | ${fmt(noCounts)} |`);
		// Deep page: the cursor of the row before page P (P = 5,000 when the view is that deep).
		const [{ open }] = rowsOf<{ open: number }>(await db.execute(sql`select count(*)::int as open from tickets where status in ('new','assigned','in_progress','pending','reopened')`));
		const P = Math.min(5000, Math.floor(open / 50) - 1);
		const [k] = rowsOf<{ k: string; id: string }>(
			await db.execute(sql`select coalesce(sla_due_at, 'infinity'::timestamptz) as k, id from tickets
				where status in ('new','assigned','in_progress','pending','reopened')
				order by coalesce(sla_due_at, 'infinity'::timestamptz), id offset ${(P - 1) * 50 - 1} limit 1`)
		);
		const kIso = (k.k as unknown) instanceof Date ? (k.k as unknown as Date).toISOString() : String(k.k);
		const cursor = encodeCursor(kIso === 'Infinity' ? 'infinity' : kIso, k.id);
		const deep = await time(ITER, () => listQueue(ctx, { view: 'all_open', limit: 50, cursor }, now, { withCounts: false }));
		rows.push(`| queue "all_open", page ${P.toLocaleString('en-US')} (keyset, rows only) | ≤ 100 ms | ${fmt(deep)} |`);
		const filtered = await time(ITER, (i) => listQueue(ctx, { view: 'all_open', priority: ['P1', 'P2'], q: ['printer', 'serveur', 'correo'][i % 3], limit: 50 }, now, { withCounts: false }));
		rows.push(`| queue with filters + text, first page | ≤ 100 ms | ${fmt(filtered)} |`);
		const queries = ['printer', 'imprimante', 'contraseña', 'vpn backup', 'serveur lenteur', 'correo caída', 'disk', 'écran'];
		const search = await time(ITER, (i) => searchTickets(ctx, { q: queries[i % queries.length], limit: 20 }));
		rows.push(`| search (ranked, highlighted), 20 hits | ≤ 150 ms | ${fmt(search)} |`);
		const page = await time(ITER, () => getTicketPage(ctx, target.number, { nowMs: now }));
		rows.push(`| ticket page data (ticket + 200-event timeline) | ≤ 50 ms | ${fmt(page)} |`);
	} finally {
		await database.close();
		// BENCH_KEEP=1 keeps the database for EXPLAIN.
		if (!process.env.BENCH_KEEP) await admin.query(`drop database if exists "${DB}" with (force)`);
		else console.log(`kept database ${DB}`);
		await admin.end();
	}
	console.log(`\nbench:desk on PostgreSQL, ${N.toLocaleString('en-US')} tickets, ${(N * C).toLocaleString('en-US')} comments, ${ITER} runs each\n`);
	console.log('| measure | target | result |\n|---|---|---|');
	for (const r of rows) console.log(r);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
