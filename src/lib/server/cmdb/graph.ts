/**
 * The neighbourhood of a CI for drawing: what relies on it (upstream) and what it relies on
 * (downstream) up to `depth` hops, through impact analysis, plus its direct connected_to
 * neighbours (not a dependency, so impact does not walk them). Edges are every relation among
 * those nodes.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import { ciRelations, configurationItems } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { impactOf } from './impact';
import { loadCi } from './items';
import { z } from 'zod';

export type GraphRole = 'self' | 'upstream' | 'downstream' | 'related';

export interface GraphNode {
	id: string;
	name: string;
	classId: string;
	status: string;
	role: GraphRole;
	depth: number;
}

export interface GraphEdge {
	id: string;
	from: string;
	to: string;
	type: string;
}

export interface CiGraph {
	nodes: GraphNode[];
	edges: GraphEdge[];
	/** True when the node cap cut the picture short. */
	truncated: boolean;
}

const input = z.object({
	ciId: z.uuid('must be a configuration item id'),
	depth: z.number().int().min(1).max(3).default(3),
	maxNodes: z.number().int().min(2).max(500).default(150)
});

export async function ciGraph(ctx: Ctx, ciId: string, depth = 3, maxNodes = 150): Promise<CiGraph> {
	authorize(ctx.actor, 'cmdb.read');
	const q = parseInput(input, { ciId, depth, maxNodes });
	const self = await loadCi(ctx.db, q.ciId);
	const [up, down] = await Promise.all([
		impactOf(ctx.db, [self.id], 'upstream', q.depth),
		impactOf(ctx.db, [self.id], 'downstream', q.depth)
	]);
	const nodes = new Map<string, GraphNode>();
	nodes.set(self.id, { id: self.id, name: self.name, classId: self.classId, status: self.status, role: 'self', depth: 0 });
	// Nearest first, so the cap drops the far ones.
	const walked = [
		...up.items.map((i) => ({ ...i, role: 'upstream' as const })),
		...down.items.map((i) => ({ ...i, role: 'downstream' as const }))
	].sort((a, b) => a.depth - b.depth);
	let truncated = false;
	for (const i of walked) {
		if (nodes.has(i.ciId)) continue; // in a cycle a CI is both; the first (nearest) wins
		if (nodes.size >= q.maxNodes) {
			truncated = true;
			break;
		}
		nodes.set(i.ciId, { id: i.ciId, name: i.name, classId: i.classId, status: i.status, role: i.role, depth: i.depth });
	}
	const direct = await ctx.db
		.select()
		.from(ciRelations)
		.where(or(eq(ciRelations.fromCiId, self.id), eq(ciRelations.toCiId, self.id)));
	const others = direct.map((r) => (r.fromCiId === self.id ? r.toCiId : r.fromCiId)).filter((id) => !nodes.has(id));
	if (others.length) {
		const rows = await ctx.db
			.select({ id: configurationItems.id, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status })
			.from(configurationItems)
			.where(inArray(configurationItems.id, [...new Set(others)]));
		for (const r of rows) {
			if (nodes.size >= q.maxNodes) {
				truncated = true;
				break;
			}
			nodes.set(r.id, { ...r, role: 'related', depth: 1 });
		}
	}
	const ids = [...nodes.keys()];
	const edges = await ctx.db
		.select()
		.from(ciRelations)
		.where(and(inArray(ciRelations.fromCiId, ids), inArray(ciRelations.toCiId, ids)));
	return {
		nodes: [...nodes.values()],
		edges: edges.map((e) => ({ id: e.id, from: e.fromCiId, to: e.toCiId, type: e.type })),
		truncated
	};
}
