/** Noise views for the monitoring page: the hosts that send the most alerts per ticket they open. */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { chTime } from '../kpi/sql';

export interface NoisyHost {
	host: string;
	alerts: number;
	ticketsOpened: number;
	suppressed: number;
}

export async function noisyHosts(ch: ClickHouse, from: Date, to: Date, limit = 10): Promise<NoisyHost[]> {
	const rows = await chQuery<{ host: string; alerts: string; opened: string; suppressed: string }>(
		ch,
		`SELECT host, countIf(outcome != 'rejected') AS alerts, countIf(outcome = 'opened') AS opened, countIf(outcome = 'suppressed') AS suppressed
		 FROM alert_events
		 WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
		 GROUP BY host ORDER BY alerts DESC LIMIT {limit:UInt32}`,
		{ from: chTime(from), to: chTime(to), limit }
	);
	return rows.map((r) => ({ host: r.host, alerts: num(r.alerts), ticketsOpened: num(r.opened), suppressed: num(r.suppressed) }));
}
