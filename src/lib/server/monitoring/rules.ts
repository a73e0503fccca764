/**
 * Pure rules that turn a normalised alert into ticket fields. No I/O; pinned by table tests.
 *
 * Priority = severity × CI criticality (rows: severity, columns: criticality). Unknown criticality
 * (no CI found, or a value outside the four) → severity alone, unless the source's priority map
 * overrides that severity. Monitoring never opens P1 from a warning, and an info alert is at
 * most P4 even on a critical CI.
 *
 * | severity \ criticality | critical | high | medium | low | unknown (severity alone) |
 * |---|---|---|---|---|---|
 * | critical | P1 | P1 | P2 | P3 | P1 |
 * | major    | P1 | P2 | P3 | P4 | P2 |
 * | minor    | P2 | P3 | P4 | P4 | P3 |
 * | warning  | P3 | P4 | P4 | P5 | P4 |
 * | info     | P4 | P5 | P5 | P5 | P5 |
 *
 * Category (first rule that matches on host check / service name + alert text):
 *  1. hardware    — disk/raid/smart/fan/temperature/power/psu/battery/ipmi/chassis/memory module words
 *  2. performance — cpu/load/latency/response time/slow/memory/swap/queue/throughput/saturation/timeout
 *  3. network     — a host check (no service: host DOWN/UNREACHABLE, node down) or
 *                   ping/icmp/packet loss/interface/link/bgp/ospf/vpn/dns/snmp/switch/router/unreachable
 *  4. software    — everything else (service and application checks, error rates, processes)
 */
import type { NormalizedAlert, Severity } from '../../../../ingest/normalize/index';
import type { Category, Priority } from '../../../../schemas/events';
import { PRIORITIES } from '../../../../schemas/events';

export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const PRIORITY_MATRIX: Record<Severity, Record<Criticality | 'unknown', Priority>> = {
	critical: { critical: 'P1', high: 'P1', medium: 'P2', low: 'P3', unknown: 'P1' },
	major: { critical: 'P1', high: 'P2', medium: 'P3', low: 'P4', unknown: 'P2' },
	minor: { critical: 'P2', high: 'P3', medium: 'P4', low: 'P4', unknown: 'P3' },
	warning: { critical: 'P3', high: 'P4', medium: 'P4', low: 'P5', unknown: 'P4' },
	info: { critical: 'P4', high: 'P5', medium: 'P5', low: 'P5', unknown: 'P5' }
};

/** CMDB spellings vary: tier numbers and a few synonyms map onto the four columns. */
export function criticalityOf(v: string | null | undefined): Criticality | null {
	if (!v) return null;
	const s = String(v).trim().toLowerCase();
	if ((CRITICALITIES as readonly string[]).includes(s)) return s as Criticality;
	const alias: Record<string, Criticality> = {
		'1': 'critical', tier1: 'critical', 'mission-critical': 'critical', mission_critical: 'critical', p1: 'critical',
		'2': 'high', tier2: 'high', p2: 'high', 'business-critical': 'high',
		'3': 'medium', tier3: 'medium', p3: 'medium', normal: 'medium',
		'4': 'low', tier4: 'low', p4: 'low', minor: 'low'
	};
	return alias[s] ?? null;
}

export function priorityFor(
	severity: Severity,
	criticality: string | null | undefined,
	priorityMap: Record<string, unknown> = {}
): Priority {
	const c = criticalityOf(criticality);
	if (c) return PRIORITY_MATRIX[severity][c];
	const override = priorityMap[severity];
	if (typeof override === 'string' && (PRIORITIES as readonly string[]).includes(override)) return override as Priority;
	return PRIORITY_MATRIX[severity].unknown;
}

const HARDWARE = /\b(disk|disks|raid|smart|fan|fans|temperature|temp|thermal|power supply|psu|battery|ipmi|chassis|hardware|dimm|ecc)\b/i;
const PERFORMANCE = /\b(cpu|load|latency|response time|slow|memory|mem|swap|queue|throughput|saturat\w*|iowait|p9\d)\b/i;
const NETWORK = /\b(ping|icmp|packet loss|packet|interface|link|bgp|ospf|vpn|dns|snmp|switch|router|unreachable|network|port)\b/i;

export function categoryFor(a: Pick<NormalizedAlert, 'service' | 'text' | 'state'>): Category {
	// The words are looked for in the first 4,000 characters of each: a 1 MiB text costs no more.
	const hay = `${(a.service ?? '').slice(0, 4000)} ${(a.text ?? '').slice(0, 4000)}`;
	if (HARDWARE.test(hay)) return 'hardware';
	if (PERFORMANCE.test(hay)) return 'performance';
	if (a.service === null || NETWORK.test(hay)) return 'network';
	return 'software';
}

/** The alert's OK/UP-ness: used by flap_stop, which resolves only when the state is healthy. */
export function isHealthyState(a: Pick<NormalizedAlert, 'state' | 'severity'>): boolean {
	return /^(ok|up|resolved|recovery|clear|cleared|normal)$/i.test(a.state.trim());
}

export function titleFor(a: Pick<NormalizedAlert, 'host' | 'service' | 'state' | 'text'>): string {
	const what = a.service ? `${a.host} / ${a.service}` : a.host;
	const t = `${what} is ${a.state}${a.text ? `: ${a.text}` : ''}`;
	return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}
