/**
 * The two things the processor asks the CMDB, as injectable interfaces. The runtime uses the
 * CMDB's identity lookup and change windows plus the downtimes Nagios/Icinga announce themselves
 * (DOWNTIMESTART/END → monitoring_downtimes); tests may inject their own.
 */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { configurationItems, monitoringDowntimes } from '../../../../schemas/postgres/index';
import { findCiByIdentity, findCisByIdentities } from '../cmdb/identities';
import { activeMaintenance, maintenanceWindowsOf } from '../cmdb/changes';
import type { Db } from '../db/index';

export interface CiMatch {
	id: string;
	/** critical | high | medium | low (or a CMDB spelling rules.criticalityOf understands); null = unknown. */
	criticality: string | null;
	ownerGroupId: string | null;
}

export interface CiResolver {
	/** The configuration item named by any of the identities (hostnames, IPs, instance labels), first match wins. */
	find(db: Db, identities: string[]): Promise<CiMatch | null>;
	/** The same for many alerts at once (optional: the processor falls back to find() per alert). */
	findMany?(db: Db, identityLists: string[][]): Promise<(CiMatch | null)[]>;
}

export interface MaintenanceScope {
	sourceId: string;
	service: string | null;
}

export interface MaintenanceQuery {
	ciId: string | null;
	host: string;
	atMs: number;
	scope?: MaintenanceScope;
}

export interface MaintenanceChecker {
	/** True when the CI (or host) is inside a maintenance window / downtime at atMs. */
	active(db: Db, ciId: string | null, host: string, atMs: number, scope?: MaintenanceScope): Promise<boolean>;
	/** The same for many alerts at once (optional: the processor falls back to active() per alert). */
	activeMany?(db: Db, queries: MaintenanceQuery[]): Promise<boolean[]>;
}

/** A checker's answers for many alerts: its own set-based query if it has one, else one call each. */
export async function maintenanceMany(c: MaintenanceChecker, db: Db, qs: MaintenanceQuery[]): Promise<boolean[]> {
	if (!qs.length) return [];
	if (c.activeMany) return c.activeMany(db, qs);
	const out: boolean[] = [];
	for (const q of qs) out.push(await c.active(db, q.ciId, q.host, q.atMs, q.scope));
	return out;
}

/** A resolver's answers for many alerts: its own set-based query if it has one, else one call each. */
export async function ciMany(r: CiResolver, db: Db, lists: string[][]): Promise<(CiMatch | null)[]> {
	if (!lists.length) return [];
	if (r.findMany) return r.findMany(db, lists);
	const out: (CiMatch | null)[] = [];
	for (const l of lists) out.push(await r.find(db, l));
	return out;
}

export const noCi: CiResolver = {
	async find() {
		return null;
	},
	async findMany(_db, lists) {
		return lists.map(() => null);
	}
};

/** Downtimes announced by the monitoring source itself: a host downtime covers its services. */
export const sourceDowntimes: MaintenanceChecker = {
	async active(db, _ciId, host, atMs, scope) {
		if (!scope) return false;
		const at = new Date(atMs);
		const services = scope.service ? ['', scope.service] : [''];
		const rows = await db
			.select({ id: monitoringDowntimes.id })
			.from(monitoringDowntimes)
			.where(
				and(
					eq(monitoringDowntimes.sourceId, scope.sourceId),
					eq(monitoringDowntimes.host, host),
					inArray(monitoringDowntimes.service, services),
					lte(monitoringDowntimes.startAt, at),
					or(isNull(monitoringDowntimes.endAt), gt(monitoringDowntimes.endAt, at))
				)
			)
			.limit(1);
		return rows.length > 0;
	},
	async activeMany(db, qs) {
		const scoped = qs.filter((q) => q.scope);
		if (!scoped.length) return qs.map(() => false);
		const rows = await db
			.select({ sourceId: monitoringDowntimes.sourceId, host: monitoringDowntimes.host, service: monitoringDowntimes.service, startAt: monitoringDowntimes.startAt, endAt: monitoringDowntimes.endAt })
			.from(monitoringDowntimes)
			.where(
				and(
					inArray(monitoringDowntimes.sourceId, [...new Set(scoped.map((q) => q.scope!.sourceId))]),
					inArray(monitoringDowntimes.host, [...new Set(scoped.map((q) => q.host))]),
					or(isNull(monitoringDowntimes.endAt), gt(monitoringDowntimes.endAt, new Date(Math.min(...scoped.map((q) => q.atMs)))))
				)
			);
		return qs.map(
			(q) =>
				!!q.scope &&
				rows.some(
					(r) =>
						r.sourceId === q.scope!.sourceId &&
						r.host === q.host &&
						(r.service === '' || r.service === q.scope!.service) &&
						r.startAt.getTime() <= q.atMs &&
						(r.endAt === null || r.endAt.getTime() > q.atMs)
				)
		);
	}
};

/** Any of the checkers says "in maintenance" (the CMDB windows plus the source's own downtimes). */
export function anyMaintenance(...checkers: MaintenanceChecker[]): MaintenanceChecker {
	return {
		async active(db, ciId, host, atMs, scope) {
			for (const c of checkers) if (await c.active(db, ciId, host, atMs, scope)) return true;
			return false;
		},
		async activeMany(db, qs) {
			const out = qs.map(() => false);
			for (const c of checkers) {
				const open = qs.map((q, i) => [q, i] as const).filter(([, i]) => !out[i]);
				const r = await maintenanceMany(c, db, open.map(([q]) => q));
				open.forEach(([, i], k) => (out[i] = r[k]));
			}
			return out;
		}
	};
}

/** The CMDB's answers: a CI by monitoring identity (one indexed lookup) and its approved-change windows. */
export const cmdbCi: CiResolver = {
	async find(db, identities) {
		const match = await findCiByIdentity(db, identities);
		if (!match) return null;
		const [ci] = await db
			.select({ criticality: configurationItems.criticality, ownerGroupId: configurationItems.ownerGroupId })
			.from(configurationItems)
			.where(eq(configurationItems.id, match.ciId));
		return ci ? { id: match.ciId, criticality: String(ci.criticality), ownerGroupId: ci.ownerGroupId } : null;
	},
	async findMany(db, lists) {
		const matches = await findCisByIdentities(db, lists);
		const ids = [...new Set(matches.filter((m) => m).map((m) => m!.ciId))];
		const cis = ids.length
			? await db
					.select({ id: configurationItems.id, criticality: configurationItems.criticality, ownerGroupId: configurationItems.ownerGroupId })
					.from(configurationItems)
					.where(inArray(configurationItems.id, ids))
			: [];
		const byId = new Map(cis.map((c) => [c.id, c]));
		return matches.map((m) => {
			const ci = m && byId.get(m.ciId);
			return ci ? { id: ci.id, criticality: String(ci.criticality), ownerGroupId: ci.ownerGroupId } : null;
		});
	}
};

export const cmdbWindows: MaintenanceChecker = {
	async active(db, ciId, _host, atMs) {
		return !!ciId && (await activeMaintenance(db, ciId, new Date(atMs))) !== null;
	},
	async activeMany(db, qs) {
		const ids = [...new Set(qs.map((q) => q.ciId).filter((x): x is string => !!x))];
		if (!ids.length) return qs.map(() => false);
		const windows = await maintenanceWindowsOf(db, ids, new Date(Math.min(...qs.map((q) => q.atMs))));
		return qs.map((q) => !!q.ciId && windows.some((w) => w.ciId === q.ciId && w.startsAt.getTime() <= q.atMs && w.endsAt.getTime() > q.atMs));
	}
};
