/**
 * How much agent time one touch of a demo ticket takes, so that the desk's logged work adds up
 * to its people's shift hours (see DEMO_CAPACITY and test/integration/demo-desk.test.ts).
 *
 * A touch is one `ticket.work_logged`: the first contact (a call, a chat, reading a mail), a
 * diagnosis before an escalation, or a work session of the group that resolves the ticket.
 * Medians are minutes; the log-normal spread is capped so one touch never exceeds a half day.
 */
import type { Channel, Priority, Tier } from '../../../../schemas/events';
import type { Rng } from './prng';

/** First contact by channel: a phone call or chat is the contact itself; a portal form is read. */
const FIRST_TOUCH_MIN: Record<Channel, number> = { phone: 7, chat: 9, email: 5, portal: 4, api: 3, monitoring: 3 };
/** A work session at each tier. */
const SESSION_MIN: Record<Tier, number> = { L0: 6, L1: 10, L2: 22, L3: 32 };
/** Work sessions of the resolving group: [min, max]. */
export const SESSIONS: Record<Tier, [number, number]> = { L0: [0, 1], L1: [1, 2], L2: [1, 3], L3: [1, 3] };
/** Chance of escalating one tier up, per tier (repeated while it happens). */
export const ESCALATE_P: Record<Tier, number> = { L0: 0.33, L1: 0.22, L2: 0.25, L3: 0 };
const PRIORITY_FACTOR: Record<Priority, number> = { P1: 1.4, P2: 1.2, P3: 1, P4: 0.9, P5: 0.7 };

const seconds = (rng: Rng, medianMin: number) => 60 * Math.max(2, Math.round(Math.min(6 * medianMin, rng.lognormal(medianMin, 0.5))));

export function firstTouchS(rng: Rng, channel: Channel): number {
	return seconds(rng, FIRST_TOUCH_MIN[channel]);
}

export function sessionS(rng: Rng, tier: Tier, priority: Priority): number {
	return seconds(rng, SESSION_MIN[tier] * PRIORITY_FACTOR[priority]);
}

/**
 * The desk the work is sized for: agents per group (plus the lead, who also works tickets),
 * contracted 40 h a week on the business calendar, and the share of those hours that ends up
 * logged on tickets: 40 h less 30 % shrinkage (breaks, meetings, training, absence) is 28 h
 * available, of which ~67 % is spent on tickets (occupancy; the rest is waiting for contacts).
 */
export const DEMO_CAPACITY = { contractedHoursPerWeek: 40, loggedShare: 0.47 } as const;
