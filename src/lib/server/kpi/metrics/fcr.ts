/**
 * First contact resolution over each ticket's last resolution in the window (conditions in
 * lastResolutions.ts). Gross: first-contact ÷ all. Net: the same over tickets outside the
 * not-resolvable-at-first-contact categories (config) and not opened by monitoring.
 */
import { n, ratio, type MetricDef } from './def';

export const fcrGross: MetricDef = {
	metric: 'fcr_gross',
	stats: ['res_n', 'fcr_ok'],
	values: (s) => ({ resolved: n(s.res_n), first_contact: n(s.fcr_ok), rate: ratio(n(s.fcr_ok), n(s.res_n)) }),
	present: (s) => n(s.res_n) > 0
};

export const fcrNet: MetricDef = {
	metric: 'fcr_net',
	stats: ['res_n', 'net_n', 'net_ok'],
	values: (s) => ({ eligible: n(s.net_n), first_contact: n(s.net_ok), rate: ratio(n(s.net_ok), n(s.net_n)) }),
	present: (s) => n(s.res_n) > 0
};
