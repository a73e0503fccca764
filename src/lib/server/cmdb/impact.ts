/**
 * Impact analysis over the relationship graph, in one WITH RECURSIVE query.
 *
 * Dependency direction: for depends_on, runs_on and hosted_on the `from` CI relies on the `to`
 * CI; for part_of the whole (`to`) relies on its part (`from`). connected_to is physical
 * adjacency, not dependency, and is not traversed (a switch fabric would otherwise make every
 * CI impact every other).
 *
 * - upstream: who relies on the CI, transitively (the business services an outage affects);
 * - downstream: what the CI relies on, transitively.
 *
 * Cycles: the walk carries (id, depth) and uses UNION (not UNION ALL), so a pair is produced at
 * most once and the depth bound stops the recursion; each CI is reported at its minimum depth.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { rowsOf } from '../db/index';
import type { Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { loadCi } from './items';
import { impactInput } from './schemas';

export type Direction = 'upstream' | 'downstream';

export interface ImpactedCi {
	ciId: string;
	name: string;
	classId: string;
	status: string;
	criticality: number;
	depth: number;
}

export interface ImpactResult {
	ciIds: string[];
	direction: Direction;
	maxDepth: number;
	items: ImpactedCi[];
	businessServices: ImpactedCi[];
}

const RELIES = sql.raw(`('depends_on', 'runs_on', 'hosted_on')`);

/** The recursive step, as a lateral join: the neighbours of w.id in the walk's direction. */
function step(direction: Direction) {
	return direction === 'upstream'
		? sql`select r.from_ci_id as next from ci_relations r where r.to_ci_id = w.id and r.type in ${RELIES}
			union all
			select r.to_ci_id from ci_relations r where r.from_ci_id = w.id and r.type = 'part_of'`
		: sql`select r.to_ci_id as next from ci_relations r where r.from_ci_id = w.id and r.type in ${RELIES}
			union all
			select r.from_ci_id from ci_relations r where r.to_ci_id = w.id and r.type = 'part_of'`;
}

/** Impact of a set of CIs (the start CIs themselves are not listed). No permission check. */
export async function impactOf(db: Db, ciIds: string[], direction: Direction, maxDepth = 6): Promise<ImpactResult> {
	if (!ciIds.length) return { ciIds, direction, maxDepth, items: [], businessServices: [] };
	const seeds = sql.join(
		ciIds.map((id) => sql`${id}::uuid`),
		sql`, `
	);
	const result = await db.execute(sql`
		with recursive walk(id, depth) as (
			select s.id, 0 from unnest(array[${seeds}]) as s(id)
			union
			select e.next, w.depth + 1
			from walk w
			cross join lateral (${step(direction)}) e
			where w.depth < ${maxDepth}
		),
		reached as (
			select id, min(depth) as depth from walk group by id
		)
		select c.id as "ciId", c.name, c.class_id as "classId", c.status, c.criticality, r.depth::int as depth
		from reached r
		join configuration_items c on c.id = r.id
		where r.depth > 0 and not (r.id = any(array[${seeds}]))
		order by r.depth, c.name, c.id`);
	const items = rowsOf<ImpactedCi>(result).map((r) => ({ ...r, depth: Number(r.depth), criticality: Number(r.criticality) }));
	return {
		ciIds,
		direction,
		maxDepth,
		items,
		businessServices: items.filter((i) => i.classId === 'business_service')
	};
}

export async function analyzeImpact(ctx: Ctx, raw: unknown): Promise<ImpactResult> {
	authorize(ctx.actor, 'cmdb.read');
	const input = parseInput(impactInput, raw);
	await loadCi(ctx.db, input.ciId);
	return impactOf(ctx.db, [input.ciId], input.direction, input.maxDepth);
}

/**
 * Business services affected by a change to these CIs: upstream services plus any of the CIs
 * that is itself a business service.
 */
export async function affectedBusinessServices(db: Db, ciIds: string[], maxDepth = 6): Promise<string[]> {
	const up = await impactOf(db, ciIds, 'upstream', maxDepth);
	const own = rowsOf<{ id: string }>(
		await db.execute(sql`select id from configuration_items
			where class_id = 'business_service' and id in (${sql.join(
				ciIds.map((id) => sql`${id}::uuid`),
				sql`, `
			)})`)
	).map((r) => r.id);
	return [...new Set([...own, ...up.businessServices.map((b) => b.ciId)])];
}
