/**
 * Agent desk bench on PostgreSQL: queue views (first page with the tab counts, rows only, a deep
 * keyset page), full-text search, and the ticket page data (ticket + 200-event timeline).
 *   npm run bench:desk -- [tickets=300000] [commentsPerTicket=10] [iterations=40]
 * The issue's size: `npm run bench:desk -- 1000000 10` (~17 min of loading on 2 busy cores).
 * Needs PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres for admin;
 * it creates and drops its own database). BENCH_KEEP=1 keeps it; BENCH_DB=<name> names it and,
 * when it exists, reuses it (migrations applied, no reload). BENCH_EXPLAIN_LOAD=1 explains the
 * two load statements. Targets (at 1M tickets / 10M comments): queue p95 ≤ 100 ms (first page
 * and page 5,000), search p95 ≤ 150 ms, ticket page p95 ≤ 50 ms. Figures: bench/RESULTS.md.
 *
 * Data: tickets over 180 days, 30 % open (40 groups, 200 agents, a third unassigned, P1–P5),
 * titles, descriptions and comments in English, French and Spanish from a 30-word vocabulary per
 * language drawn with a skew (see loadDesk).
 */
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { openDb, migrateDb, rowsOf } from '../src/lib/server/db/index';
import { seedReferenceData } from '../src/lib/server/seed';
import { createAccount, loadAccountActor } from '../src/lib/server/rbac/accounts';
import { systemActor } from '../src/lib/server/rbac/actor';
import { listQueue, queueCounts, encodeCursor, QUEUE_VIEWS } from '../src/lib/server/tickets/queue';
import { searchTickets } from '../src/lib/server/tickets/search';
import { getTicketPage } from '../src/lib/server/tickets/page';

const N = Number(process.argv[2] ?? 300_000);
const C = Number(process.argv[3] ?? 10);
const ITER = Number(process.argv[4] ?? 40);
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = process.env.BENCH_DB ?? `opshub_bench_desk_${process.pid}`;

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

/** Vocabulary per ticket language (0 en, 1 fr, 2 es); word i is drawn with a Zipf-like skew. */
const VOCAB = [
	['printer', 'network', 'vpn', 'password', 'laptop', 'outlook', 'server', 'disk', 'backup', 'database', 'screen', 'keyboard', 'wifi', 'login', 'account', 'license', 'update', 'crash', 'slowness', 'error', 'mailbox', 'monitor', 'mouse', 'phone', 'badge', 'firewall', 'certificate', 'share', 'drive', 'calendar'],
	['imprimante', 'réseau', 'vpn', 'mot de passe', 'ordinateur', 'messagerie', 'serveur', 'disque', 'sauvegarde', 'base', 'écran', 'clavier', 'wifi', 'connexion', 'compte', 'licence', 'mise à jour', 'plantage', 'lenteur', 'erreur', 'courriel', 'moniteur', 'souris', 'téléphone', 'badge', 'pare-feu', 'certificat', 'partage', 'lecteur', 'agenda'],
	['impresora', 'red', 'vpn', 'contraseña', 'portátil', 'correo', 'servidor', 'disco', 'copia', 'base', 'pantalla', 'teclado', 'wifi', 'acceso', 'cuenta', 'licencia', 'actualización', 'caída', 'lentitud', 'error', 'buzón', 'monitor', 'ratón', 'teléfono', 'tarjeta', 'cortafuegos', 'certificado', 'carpeta', 'unidad', 'calendario']
];
const AGENTS = 200;
const GROUPS = 40;

/**
 * The whole desk in set-based SQL (generate_series, no rows from JS): triggers and secondary
 * indexes off while loading (session_replication_role = replica also skips the FK checks), the
 * search vectors computed in the same INSERT from the same deterministic text the comment rows
 * get (hashint8 of ticket and comment number, so both passes agree without a join), indexes
 * rebuilt by sort afterwards, counters rebuilt once.
 */
async function loadDesk(url: string, agentId: string, out: string[]) {
	// One connection: the temp functions and session settings below are per session.
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	const db = drizzle(client);
	try {
		await loadWith(db, agentId, out);
	} finally {
		await client.end();
	}
}

async function loadWith(db: NodePgDatabase, agentId: string, out: string[]) {
	const step = async (label: string, q: SQL) => {
		const t = performance.now();
		if (process.env.BENCH_EXPLAIN_LOAD && /^(tickets|comments) \(/.test(label))
			console.log(rowsOf<Record<string, string>>(await db.execute(sql`explain (analyze, buffers) ${q}`)).map((r) => Object.values(r)[0]).join('\n'));
		else await db.execute(q);
		const s = (performance.now() - t) / 1000;
		console.log(`  ${label}: ${s.toFixed(1)} s`);
		return s;
	};
	const arr = (ws: string[]) => `array[${ws.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]`;
	// Word of language l for hash h: index skewed towards the start (u³, integer arithmetic), so
	// the first words are in most tickets and the last ones in few, as on a real desk. Written
	// inline (SQL functions calling functions are not inlined: 10× slower).
	const w = (l: string, h: string) => {
		const x = `(hashint8(${h}) & 1023)`;
		return `(case ${l} when 0 then ${arr(VOCAB[0])} when 1 then ${arr(VOCAB[1])} else ${arr(VOCAB[2])} end)[1 + (((${x} * ${x} >> 10) * ${x} >> 10) * 30 >> 10)]`;
	};
	const body = (l: string, g: string, c: string) =>
		sql.raw(`case ${l} when 0 then 'Checked the ' || ${w(l, `${g} * 64 + ${c}`)} || ' and the ' || ${w(l, `${g} * 64 + ${c} + 32`)} || ', step ' || ${c}
			when 1 then 'Vérifié ' || ${w(l, `${g} * 64 + ${c}`)} || ' puis ' || ${w(l, `${g} * 64 + ${c} + 32`)} || ', étape ' || ${c}
			else 'Revisado ' || ${w(l, `${g} * 64 + ${c}`)} || ' y ' || ${w(l, `${g} * 64 + ${c} + 32`)} || ', paso ' || ${c} end`);
	// Ids and times are functions of (ticket, comment) numbers, so comments need no join to tickets
	// (and no gen_random_uuid: its entropy reads cost more than the rest of a comment row).
	const nowIso = new Date().toISOString();
	const tid = (g: SQL) => sql`('00000000-0000-4000-8000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
	const created = (g: SQL) => sql`(${nowIso}::timestamptz - (${g}::float / ${N} * interval '180 days'))`;
	const t0 = performance.now();
	await db.execute(sql`set maintenance_work_mem = '512MB'`);
	await db.execute(sql`set work_mem = '256MB'`);
	await db.execute(sql`insert into groups (name, tier) select 'group ' || lpad(g::text, 2, '0'), (array['L0','L1','L2','L3'])[1 + g % 4] from generate_series(1, ${GROUPS}) g`);
	await db.execute(sql`insert into accounts (email, name, tier) select 'agent' || a || '@desk.test', 'Agent ' || a, 'L1' from generate_series(2, ${AGENTS}) a`);
	// The bench agent is agent 1 and sits in 3 of the 40 groups.
	await db.execute(sql`insert into group_members (group_id, account_id) select id, ${agentId}::uuid from groups where name like 'group %' order by name limit 3`);
	// Secondary indexes off during the load: saved, dropped, rebuilt by sort afterwards.
	const idx = rowsOf<{ name: string; def: string }>(
		await db.execute(sql`select i.indexname as name, i.indexdef as def from pg_indexes i
			where i.schemaname = 'public' and i.tablename in ('tickets', 'ticket_comments')
			and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`)
	);
	for (const i of idx) await db.execute(sql.raw(`drop index "${i.name}"`));
	await db.execute(sql`alter table ticket_comments drop constraint ticket_comments_pkey`);
	await db.execute(sql`set session_replication_role = replica`);
	try {
		await step(
			`tickets (${N.toLocaleString('en-US')}, with their search vectors)`,
			sql`with ga as (select array_agg(id order by name) a from groups where name like 'group %'),
				aa as (select array_agg(id order by email) a from accounts where email like 'agent%@desk.test' or id = ${agentId}::uuid),
				base as (
				select g, g % 3 as l, 'INC-' || lpad(g::text, 7, '0') as number,
					${sql.raw(w('g % 3', 'g * 64 + 40'))} as w1, ${sql.raw(w('g % 3', 'g * 64 + 41'))} as w2,
					to_hex(((hashint8(g * 64 + 42)::bigint % 5000) + 5000) % 5000) as code,
					${created(sql`g`)} as created,
					(select a from ga) as ga, (select a from aa) as aa
				from generate_series(1, ${N}::int) g),
				t as (
				select b.*, (array['en','fr','es'])[1 + b.l] as lang,
					case b.l when 0 then initcap(b.w1) || ' ' || b.w2 || ' not working'
						when 1 then initcap(b.w1) || ' et ' || b.w2 || ' en panne' else initcap(b.w1) || ' y ' || b.w2 || ' no funciona' end as title,
					case b.l when 0 then 'Since this morning the ' || b.w1 || ' fails with error 0x' || b.code || ', the ' || b.w2 || ' too.'
						when 1 then 'Depuis ce matin, ' || b.w1 || ' échoue avec l''erreur 0x' || b.code || ', ' || b.w2 || ' aussi.'
						else 'Desde esta mañana ' || b.w1 || ' falla con el error 0x' || b.code || ', ' || b.w2 || ' también.' end as description,
					coalesce(setweight(to_tsvector(opshub_ts_config((array['en','fr','es'])[1 + b.l]), cc.pub), 'C'), ''::tsvector) as pub_tsv, cc.priv
				from base b cross join lateral (
					select string_agg(${body('b.l', 'b.g', 'c')}, ' ') filter (where c % 4 <> 0) pub,
						string_agg(${body('b.l', 'b.g', 'c')}, ' ') filter (where c % 4 = 0) priv
					from generate_series(1, ${C}::int) c) cc)
			insert into tickets (id, number, type, title, description, channel, category, priority, tier, group_id, agent_id,
				status, created_at, updated_at, resolved_at, sla_calendar_id, sla_response_ms, sla_resolution_ms,
				sla_response_due_at, sla_resolution_due_at, sla_due_at, language, requester_name, comments_tsv, internal_tsv, search_tsv)
			select ${tid(sql`g`)}, number, 'incident', title, description,
				(array['portal','email','phone','chat','api','monitoring'])[1 + g % 6],
				(array['hardware','software','network','security','user_support','service_request','data_recovery','performance','consulting','other'])[1 + g % 10],
				'P' || (1 + g % 5), (array['L0','L1','L2','L3'])[1 + g % 4],
				ga[1 + g % ${GROUPS}],
				case when g % 3 = 0 then null else aa[1 + (g / 3) % ${AGENTS}] end,
				case when g % 10 < 3 then (array['new','assigned','in_progress','pending','reopened'])[1 + g % 5]
				     else (array['resolved','closed'])[1 + g % 2] end,
				created, created + interval '1 hour',
				case when g % 10 >= 3 then created + interval '5 hours' end,
				'business', 3600000, 36000000, null, ${nowIso}::timestamptz,
				case when g % 10 < 3 and g % 5 <> 3 then ${nowIso}::timestamptz + (((hashint8(g * 64 + 43) % 1000 + 1000) % 1000 / 1000.0 * 6 - 3) * interval '1 day') end,
				lang, 'user' || (g % 5000) || '@corp.example',
				pub_tsv, coalesce(setweight(to_tsvector(opshub_ts_config(lang), priv), 'C'), ''::tsvector),
				setweight(to_tsvector('simple', replace(number, '-', ' ')), 'A')
					|| setweight(to_tsvector(opshub_ts_config(lang), title), 'A')
					|| setweight(to_tsvector(opshub_ts_config(lang), description), 'B')
					|| pub_tsv
			from t`
		);
		await step(
			`comments (${(N * C).toLocaleString('en-US')})`,
			sql`insert into ticket_comments (id, ticket_id, author_label, public, body, at)
				select ('00000000-0000-4000-9000-' || lpad(to_hex(g::bigint * 64 + c), 12, '0'))::uuid, ${tid(sql`g`)}, 'agent@corp.example', c % 4 <> 0,
					${body('g % 3', 'g', 'c')}, ${created(sql`g`)} + c * interval '10 minutes'
				from generate_series(1, ${N}::int) g cross join generate_series(1, ${C}::int) c`
		);
	} finally {
		await db.execute(sql`set session_replication_role = origin`);
	}
	await step('comments primary key', sql`alter table ticket_comments add constraint ticket_comments_pkey primary key (id)`);
	let s = 0;
	for (const i of idx) s += await step(`index ${i.name}`, sql.raw(i.def));
	out.push(`| secondary indexes rebuilt (${idx.length}) | ${s.toFixed(0)} s | |`);
	// The queue tab counters (migration 0014), counted once: the load ran with triggers off.
	await step('queue counters', sql`select opshub_queue_counts_rebuild()`);
	// Steady state: autovacuum has set the visibility map (index-only scans) on a live desk.
	await step('vacuum analyze', sql`vacuum analyze tickets, ticket_comments, accounts, groups, group_members`);
	out.unshift(`| data generated (${N.toLocaleString('en-US')} tickets, ${(N * C).toLocaleString('en-US')} comments) | ${((performance.now() - t0) / 1000).toFixed(0)} s | |`);
}

async function main() {
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	// BENCH_DB=<name>: reuse a database an earlier BENCH_KEEP=1 run left (migrations are applied).
	const reuse = !!process.env.BENCH_DB && (await admin.query('select 1 from pg_database where datname = $1', [DB])).rowCount === 1;
	if (!reuse) await admin.query(`create database "${DB}"`);
	const url = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`);
	const database = await openDb({ url, poolMax: 4 });
	const db = database.db;
	const rows: string[] = [];
	try {
		await migrateDb(database);
		let agent;
		if (!reuse) {
			await seedReferenceData(db);
			const sys = { db, actor: systemActor('bench') };
			const acc = await createAccount(sys, { email: 'bench-agent@desk.test', name: 'Bench Agent', roles: ['agent'], tier: 'L1' });
			await loadDesk(url, acc.id, rows);
			agent = (await loadAccountActor(db, acc.id))!;
		} else {
			const [a] = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts where email = 'bench-agent@desk.test'`));
			agent = (await loadAccountActor(db, a.id))!;
			rows.push(`| data | reused database ${DB} | |`);
		}
		const ctx = { db, actor: agent };

		// A ticket with a 200-event timeline.
		const [target] = rowsOf<{ id: string; number: string }>(await db.execute(sql`select id, number from tickets t where status = 'in_progress' and not exists (select 1 from ticket_events e where e.ticket_id = t.id) limit 1`));
		await db.execute(sql`insert into ticket_events (id, ticket_id, type, at, actor_label, data)
			select gen_random_uuid(), ${target.id}::uuid, (array['ticket.commented','ticket.work_logged','ticket.status_changed','ticket.updated'])[1 + g % 4],
				now() - g * interval '1 minute', 'agent@corp.example',
				jsonb_build_object('status', 'in_progress', 'from_status', 'assigned', 'payload', '{"public":true}')
			from generate_series(1, 200) g`);

		const now = Date.now();
		for (const view of QUEUE_VIEWS) {
			const xs = await time(ITER, () => listQueue(ctx, { view, limit: 50 }, now));
			const rowsOnly = await time(ITER, () => listQueue(ctx, { view, limit: 50 }, now, { withCounts: false }));
			rows.push(`| queue "${view}", first page (with the 6 tab counts) | ≤ 100 ms | ${fmt(xs)} (rows only: ${fmt(rowsOnly)}) |`);
		}
		const counts = await time(ITER, () => queueCounts(ctx, now));
		rows.push(`| the 6 tab counts alone | — | ${fmt(counts)} |`);
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
		if (!process.env.BENCH_KEEP && !process.env.BENCH_DB) await admin.query(`drop database if exists "${DB}" with (force)`);
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
