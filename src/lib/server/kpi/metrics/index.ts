import type { Metric } from '../model';
import type { MetricDef } from './def';
import { aht } from './aht';
import { backlog } from './backlog';
import { breaching } from './breaching';
import { csat } from './csat';
import { fcrGross, fcrNet } from './fcr';
import { frt } from './frt';
import { mttr } from './mttr';
import { reopenRate } from './reopenRate';
import { slaResolution, slaResponse } from './sla';
import { volume } from './volume';

/** Every metric computed from ticket_events (alert_noise is handled apart: its table comes later). */
export const METRIC_DEFS: Partial<Record<Metric, MetricDef>> = {
	volume,
	frt,
	aht,
	mttr,
	fcr_gross: fcrGross,
	fcr_net: fcrNet,
	sla_response: slaResponse,
	sla_resolution: slaResolution,
	csat,
	backlog,
	breaching,
	reopen_rate: reopenRate
};

export type { MetricDef, MetricContext, Stats } from './def';
