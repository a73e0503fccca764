/**
 * Full-text search over tickets: number, title, description and comments.
 *
 * Each ticket's vector is built by the triggers of migration 0010 with the text-search
 * configuration of the ticket's language (english, french, spanish, else simple), so a query is
 * parsed in every configuration and OR-ed: each ticket matches through its own stemming, and one
 * GIN index serves all languages. Internal notes live in a separate vector that only agents search.
 * Ranked by ts_rank; the matching words come back marked (ts_headline with private-use markers,
 * split into segments here, so no HTML is ever built from ticket text).
 */
import { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../context';
import { rowsOf } from '../db/index';
import { authorize, type Actor } from '../rbac/actor';
import { parseInput } from '../validate';

const HL_START = '\uE000';
const HL_STOP = '\uE001';
const HL_OPTS_ALL = `HighlightAll=true, StartSel=${HL_START}, StopSel=${HL_STOP}`;
const HL_OPTS_SNIPPET = `MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … ", StartSel=${HL_START}, StopSel=${HL_STOP}`;

/** A highlighted text: plain segments and matched ones, in order. */
export type Highlight = { text: string; hit: boolean }[];

export function toSegments(s: string | null | undefined): Highlight {
	if (!s) return [];
	const out: Highlight = [];
	let hit = false;
	let buf = '';
	for (const ch of s) {
		if (ch === HL_START || ch === HL_STOP) {
			if (buf) out.push({ text: buf, hit });
			buf = '';
			hit = ch === HL_START;
		} else buf += ch;
	}
	if (buf) out.push({ text: buf, hit });
	return out;
}

const NUMBER_RE = /^(INC|REQ)-?(\d{1,12})$/i;

/** A ticket number typed as such (INC-000042, inc42): matched exactly, not as words. */
export function ticketNumberOf(q: string): string | null {
	const m = NUMBER_RE.exec(q.trim());
	return m ? `${m[1].toUpperCase()}-${m[2].padStart(6, '0')}` : null;
}

/** The query parsed in every configuration a ticket may have been indexed with. */
export function tsQueryAll(q: string): SQL {
	return sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('french', ${q}) || websearch_to_tsquery('spanish', ${q}) || websearch_to_tsquery('simple', ${q}))`;
}

const seesInternal = (actor: Actor) => actor.permissions.has('tickets.work');

/** WHERE fragment: the ticket matches the text (internal notes only for agents). */
export function textMatch(q: string, actor: Actor): SQL {
	const number = ticketNumberOf(q);
	if (number) return sql`"tickets"."number" = ${number}`;
	const tq = tsQueryAll(q);
	return seesInternal(actor)
		? sql`("tickets"."search_tsv" @@ ${tq} or "tickets"."internal_tsv" @@ ${tq})`
		: sql`"tickets"."search_tsv" @@ ${tq}`;
}

export const searchInput = z.object({
	q: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
	page: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be ≥ 1').max(200, 'must be ≤ 200').default(1),
	limit: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be ≥ 1').max(100, 'must be ≤ 100').default(20)
});

/**
 * Matches ranked: the newest RANK_CAP matches, ordered by relevance; past it the answer says
 * "500+" (COUNT_CAP) and the agent refines the query. The newest matches are found window by
 * window (the last day, week, month, half year, then all): a word in most tickets is answered
 * from the last day's few thousand rows instead of a scan of the desk, a rare one through the
 * GIN index; each window holds every match of the smaller ones, so the result is the same as
 * one "newest first, LIMIT" over all time (bench:desk, 1M tickets / 10M comments).
 */
export const RANK_CAP = 500;
export const COUNT_CAP = RANK_CAP;
const WINDOW_DAYS = [1, 7, 30, 180, null] as const;
const DAY_MS = 86_400_000;

export interface SearchHit {
	id: string;
	number: string;
	title: string;
	status: string;
	priority: string;
	language: string;
	rank: number;
	titleHl: Highlight;
	/** The best fragments of the description, or of the newest matching comment. */
	snippet: Highlight;
	snippetFrom: 'description' | 'comment';
}

export async function searchTickets(ctx: Ctx, raw: unknown): Promise<{ items: SearchHit[]; total: number; totalCapped: boolean; page: number; limit: number }> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const input = parseInput(searchInput, raw);
	const agent = seesInternal(actor);
	const match = textMatch(input.q, actor);
	const scope = agent ? sql`true` : sql`"tickets"."requester_id" = ${actor.accountId ?? '00000000-0000-0000-0000-000000000000'}`;
	const tq = tsQueryAll(input.q);
	const vector = agent
		? sql`(coalesce("tickets"."search_tsv", ''::tsvector) || coalesce("tickets"."internal_tsv", ''::tsvector))`
		: sql`coalesce("tickets"."search_tsv", ''::tsvector)`;
	const commentScope = agent ? sql`true` : sql`c.public`;
	// The newest RANK_CAP + 1 matches (ids only: no vector, headline or rank yet).
	const nowMs = Date.now();
	let ids: string[] = [];
	for (const days of WINDOW_DAYS) {
		const since = days === null ? sql`true` : sql`"tickets"."created_at" >= ${new Date(nowMs - days * DAY_MS).toISOString()}::timestamptz`;
		ids = rowsOf<{ id: string }>(
			await ctx.db.execute(sql`select id from tickets where ${match} and ${scope} and ${since} order by created_at desc, id desc limit ${RANK_CAP + 1}`)
		).map((r) => r.id);
		if (ids.length > RANK_CAP) break;
	}
	const total = ids.length;
	ids = ids.slice(0, RANK_CAP);
	// Rank and page the candidates; headlines only for the page's rows (they re-parse the text).
	const rows = !ids.length
		? []
		: rowsOf<{
				id: string;
				number: string;
				title: string;
				status: string;
				priority: string;
				language: string;
				rank: number;
				title_hl: string;
				desc_hl: string;
				comment_hl: string | null;
			}>(
				await ctx.db.execute(sql`
			with hits as (
				select id, number, title, description, status, priority, language, created_at, ts_rank(${vector}, ${tq})::float8 as rank
				from tickets
				where id = any(${`{${ids.join(',')}}`}::uuid[])
				order by rank desc, created_at desc, id
				limit ${input.limit} offset ${(input.page - 1) * input.limit}
			)
			select h.id, h.number, h.title, h.status, h.priority, h.language, h.rank,
				ts_headline(opshub_ts_config(h.language), h.title, websearch_to_tsquery(opshub_ts_config(h.language), ${input.q}), ${HL_OPTS_ALL}) as title_hl,
				ts_headline(opshub_ts_config(h.language), h.description, websearch_to_tsquery(opshub_ts_config(h.language), ${input.q}), ${HL_OPTS_SNIPPET}) as desc_hl,
				(select ts_headline(opshub_ts_config(h.language), c.body, websearch_to_tsquery(opshub_ts_config(h.language), ${input.q}), ${HL_OPTS_SNIPPET})
					from ticket_comments c
					where c.ticket_id = h.id and ${commentScope}
						and to_tsvector(opshub_ts_config(h.language), c.body) @@ websearch_to_tsquery(opshub_ts_config(h.language), ${input.q})
					order by c.at desc limit 1) as comment_hl
			from hits h
			order by h.rank desc, h.created_at desc, h.id`)
			);
	const items = rows.map((r) => {
		const desc = toSegments(r.desc_hl);
		const fromComment = !desc.some((s) => s.hit) && !!r.comment_hl;
		return {
			id: r.id,
			number: r.number,
			title: r.title,
			status: r.status,
			priority: r.priority,
			language: r.language,
			rank: Number(r.rank),
			titleHl: toSegments(r.title_hl),
			snippet: fromComment ? toSegments(r.comment_hl) : desc,
			snippetFrom: fromComment ? ('comment' as const) : ('description' as const)
		};
	});
	return { items, total: Math.min(Number(total), COUNT_CAP), totalCapped: Number(total) > COUNT_CAP, page: input.page, limit: input.limit };
}
