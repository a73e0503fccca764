/**
 * Alert noise (docs/KPIS.md): monitoring alerts received ÷ tickets they opened (the dedup ratio),
 * and time to acknowledge. Reads alert_events (monitoring ingest, shipped by the relay).
 *
 * Decisions: alerts = accepted alerts in the window (every outcome but `rejected`); tickets
 * opened = `opened` outcomes in the window; ratio = alerts ÷ tickets opened (null when none).
 * Time to acknowledge = per problem (dedup key) opened in the window, first `acked` − `opened`,
 * wall-clock seconds (acks up to now count). Alerts carry no ticket dimensions, so dimension
 * filters and groupings do not apply (a note says so); time grouping does.
 */
import { chQuery, num, type ClickHouse } from '../../analytics/clickhouse';
import type { KpiGroup, KpiRequest, KpiSeries } from '../model';
import { bucketExpr, inWindow } from '../sql';
import { ident, p, raw, sql } from '../../analytics/sql';
import { TABLES } from '../../analytics/tables';

export const ALERT_EVENTS_TABLE = TABLES.alertEvents;
export const ALERT_NOISE_PENDING_NOTE = 'alert_events does not exist yet: alert noise arrives with the monitoring ingest';

export async function alertNoiseSeries(ch: ClickHouse, req: KpiRequest): Promise<KpiSeries> {
	const grain = req.groupBy.time;
	const bucket = (col: string) => raw(grain ? `toUnixTimestamp(${bucketExpr(grain, col)})` : '0');
	const alerts = ident(ALERT_EVENTS_TABLE);
	const counts = await chQuery<{ k: string; alerts: string; opened: string }>(
		ch,
		sql`SELECT ${bucket('at')} AS k, countIf(outcome != 'rejected') AS alerts, countIf(outcome = 'opened') AS opened
		 FROM ${alerts}
		 WHERE ${inWindow(req)}
		 GROUP BY k ORDER BY k`.named('kpi.alert_noise.counts')
	);
	const tta = await chQuery<{ k: string; n: string; mean_s: number | null; p50_s: number | null; p90_s: number | null }>(
		ch,
		sql`SELECT ${bucket('opened_at')} AS k, count() AS n, avg(s) AS mean_s,
		        quantileExactInclusive(0.5)(s) AS p50_s, quantileExactInclusive(0.9)(s) AS p90_s
		 FROM (
		   SELECT opened_at, dateDiff('millisecond', opened_at, arrayMin(arrayFilter(x -> x >= opened_at, acks))) / 1000 AS s
		   FROM (
		     SELECT minIf(at, outcome = 'opened') AS opened_at, countIf(outcome = 'opened') AS n_open,
		            groupArrayIf(at, outcome = 'acked') AS acks
		     FROM ${alerts}
		     WHERE at >= ${p.dt('from', req.from)}
		     GROUP BY source_id, dedup_key
		   )
		   WHERE n_open > 0 AND ${inWindow(req, 'opened_at')} AND arrayExists(x -> x >= opened_at, acks)
		 )
		 GROUP BY k ORDER BY k`.named('kpi.alert_noise.tta')
	);
	const keys = new Set([...counts.map((r) => String(r.k)), ...tta.map((r) => String(r.k))]);
	const groups: KpiGroup[] = [...keys].sort((a, b) => Number(a) - Number(b)).map((k) => {
		const c = counts.find((r) => String(r.k) === k);
		const t = tta.find((r) => String(r.k) === k);
		const received = num(c?.alerts);
		const opened = num(c?.opened);
		return {
			key: grain ? { [grain]: new Date(Number(k) * 1000).toISOString() } : {},
			values: {
				alerts: received,
				tickets_opened: opened,
				alerts_per_ticket: opened ? received / opened : null,
				acked: num(t?.n),
				tta_mean_s: t?.mean_s ?? null,
				tta_p50_s: t?.p50_s ?? null,
				tta_p90_s: t?.p90_s ?? null
			}
		};
	});
	if (!grain && !groups.length) {
		groups.push({ key: {}, values: { alerts: 0, tickets_opened: 0, alerts_per_ticket: null, acked: 0, tta_mean_s: null, tta_p50_s: null, tta_p90_s: null } });
	}
	const ignored = req.groupBy.dimensions.length > 0 || Object.keys(req.filters).length > 0;
	return { metric: 'alert_noise', source: 'raw', groups, ...(ignored ? { note: 'alert noise has no ticket dimensions: dimension filters and groupings are ignored' } : {}) };
}
