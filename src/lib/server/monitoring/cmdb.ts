/**
 * The two things the processor asks the CMDB, as injectable interfaces. The runtime uses the
 * CMDB's identity lookup and change windows plus the downtimes Nagios/Icinga announce themselves
 * (DOWNTIMESTART/END → monitoring_downtimes); tests may inject their own.
 */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { configurationItems, monitoringDowntimes } from '../../../../schemas/postgres/index';
import { findCiByIdentity } from '../cmdb/identities';
import { activeMaintenance } from '../cmdb/changes';
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
}

export interface MaintenanceScope {
	sourceId: string;
	service: string | null;
}

export interface MaintenanceChecker {
	/** True when the CI (or host) is inside a maintenance window / downtime at atMs. */
	active(db: Db, ciId: string | null, host: string, atMs: number, scope?: MaintenanceScope): Promise<boolean>;
}

export const noCi: CiResolver = {
	async find() {
		return null;
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
	}
};

/** Any of the checkers says "in maintenance" (the CMDB windows plus the source's own downtimes). */
export function anyMaintenance(...checkers: MaintenanceChecker[]): MaintenanceChecker {
	return {
		async active(db, ciId, host, atMs, scope) {
			for (const c of checkers) if (await c.active(db, ciId, host, atMs, scope)) return true;
			return false;
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
	}
};

export const cmdbWindows: MaintenanceChecker = {
	async active(db, ciId, _host, atMs) {
		return !!ciId && (await activeMaintenance(db, ciId, new Date(atMs))) !== null;
	}
};
