/**
 * Chargeback usage of a period: ticket events from ClickHouse, CIs from Postgres. Each ClickHouse
 * query is one exported function with readable SQL and {name:Type} parameters. Windows are
 * half-open [from, to) in UTC. Every event carries the ticket's department_id (snapshot at the
 * event), so work is attributed without joining back to the ticket.
 */
import { and, inArray, lt, sql } from 'drizzle-orm';
import { configurationItems } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';

export interface TicketUsage {
	departmentId: string;
	category: string;
	priority: string;
	ticketType: string;
	tickets: number;
}
export interface WorkUsage {
	departmentId: string;
	tier: string;
	workS: number;
}
export interface CiUsage {
	departmentId: string;
	ciClass: string;
	cis: number;
}
export interface Usage {
	tickets: TicketUsage[];
	work: WorkUsage[];
	cis: CiUsage[];
}

/** ClickHouse DateTime64 parameter text for a UTC instant. */
export const chTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Tickets created in the window by requester department × category × priority × type. */
export async function ticketsCreated(ch: ClickHouse, from: Date, to: Date): Promise<TicketUsage[]> {
	const rows = await chQuery<Record<string, string>>(
		ch,
		`SELECT department_id, category, priority, ticket_type, count() AS tickets
		FROM ticket_events
		WHERE type = 'ticket.created'
		  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
		GROUP BY department_id, category, priority, ticket_type
		ORDER BY department_id, category, priority, ticket_type`,
		{ from: chTime(from), to: chTime(to) }
	);
	return rows.map((r) => ({
		departmentId: r.department_id,
		category: r.category,
		priority: r.priority,
		ticketType: r.ticket_type,
		tickets: num(r.tickets)
	}));
}

/** Agent work logged in the window by the ticket's department × tier (the tier working it). */
export async function workLogged(ch: ClickHouse, from: Date, to: Date): Promise<WorkUsage[]> {
	const rows = await chQuery<Record<string, string>>(
		ch,
		`SELECT department_id, tier, toInt64(round(sum(work_s))) AS work_s
		FROM ticket_events
		WHERE type = 'ticket.work_logged'
		  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
		GROUP BY department_id, tier
		ORDER BY department_id, tier`,
		{ from: chTime(from), to: chTime(to) }
	);
	return rows.map((r) => ({ departmentId: r.department_id, tier: r.tier, workS: num(r.work_s) }));
}

/** The ticket ids behind a ticket line (created in the window with that key). */
export async function ticketIdsCreated(
	ch: ClickHouse,
	from: Date,
	to: Date,
	key: { departmentId: string; category: string; priority: string; ticketType: string },
	limit: number
): Promise<string[]> {
	const rows = await chQuery<{ ticket_id: string }>(
		ch,
		`SELECT DISTINCT ticket_id
		FROM ticket_events
		WHERE type = 'ticket.created'
		  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
		  AND department_id = {departmentId:String} AND category = {category:String}
		  AND priority = {priority:String} AND ticket_type = {ticketType:String}
		ORDER BY ticket_id
		LIMIT {limit:UInt32}`,
		{ from: chTime(from), to: chTime(to), ...key, limit }
	);
	return rows.map((r) => r.ticket_id);
}

/** The ticket ids behind a labor line (work logged in the window by that department × tier). */
export async function ticketIdsWorked(
	ch: ClickHouse,
	from: Date,
	to: Date,
	key: { departmentId: string; tier: string },
	limit: number
): Promise<string[]> {
	const rows = await chQuery<{ ticket_id: string }>(
		ch,
		`SELECT DISTINCT ticket_id
		FROM ticket_events
		WHERE type = 'ticket.work_logged'
		  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
		  AND department_id = {departmentId:String} AND tier = {tier:String}
		ORDER BY ticket_id
		LIMIT {limit:UInt32}`,
		{ from: chTime(from), to: chTime(to), ...key, limit }
	);
	return rows.map((r) => r.ticket_id);
}

/**
 * CIs billed for the period: in service (active or maintenance) now and created before the
 * period ends, by cost center × class. The CMDB keeps no status history in columns, so a CI
 * retired since the period is not billed on a re-run (documented limitation).
 */
export async function cisInService(db: Db, to: Date): Promise<CiUsage[]> {
	const rows = await db
		.select({
			departmentId: sql<string>`coalesce(${configurationItems.costCenterId}::text, '')`,
			ciClass: configurationItems.classId,
			cis: sql<number>`count(*)::int`
		})
		.from(configurationItems)
		.where(and(inArray(configurationItems.status, ['active', 'maintenance']), lt(configurationItems.createdAt, to)))
		.groupBy(configurationItems.costCenterId, configurationItems.classId);
	return rows
		.map((r) => ({ departmentId: r.departmentId, ciClass: r.ciClass, cis: Number(r.cis) }))
		.sort((a, b) => (a.departmentId + a.ciClass < b.departmentId + b.ciClass ? -1 : 1));
}

export async function periodUsage(db: Db, ch: ClickHouse, from: Date, to: Date): Promise<Usage> {
	const [tickets, work, cis] = await Promise.all([ticketsCreated(ch, from, to), workLogged(ch, from, to), cisInService(db, to)]);
	return { tickets, work, cis };
}
