/**
 * Alert noise: monitoring alerts received ÷ tickets they opened, and time to acknowledge. Needs
 * the alert_events table (monitoring ingest, not built yet): until it exists the engine answers
 * null with a note instead of failing (see run.ts).
 */
export const ALERT_EVENTS_TABLE = 'alert_events';
export const ALERT_NOISE_PENDING_NOTE = 'alert_events does not exist yet: alert noise arrives with the monitoring ingest';
