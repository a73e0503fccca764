/** The relay moved to src/lib/server/events/ (the event stream's home); kept for old imports. */
export * from '../src/lib/server/events/relay';
