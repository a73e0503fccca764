/**
 * Priority from impact × urgency (ITIL matrix onto the desk's five priorities). An agent may set
 * another priority, but only with a reason, which the ticket.updated event records.
 *
 *              urgency: high  medium  low
 *   impact high         P1    P2      P3
 *   impact medium       P2    P3      P4
 *   impact low          P3    P4      P5
 */
import type { Impact, Priority, Urgency } from '../../../../schemas/events';

const RANK: Record<Impact | Urgency, number> = { high: 0, medium: 1, low: 2 };
const BY_SUM: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export function matrixPriority(impact: Impact, urgency: Urgency): Priority {
	return BY_SUM[RANK[impact] + RANK[urgency]];
}
