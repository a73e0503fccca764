/**
 * The one conversion between JS time and ClickHouse DateTime64(3, 'UTC') text, both ways.
 * Parameters and TabSeparated inserts take 'YYYY-MM-DD hh:mm:ss.sss' (UTC); results come back
 * in the same shape (no zone suffix) and are read as UTC.
 */
export function chTime(d: Date | number): string {
	return new Date(d).toISOString().replace('T', ' ').replace('Z', '');
}

/** ClickHouse DateTime/DateTime64 text (UTC, no zone) → Date; ISO strings with a zone pass through. */
export function fromChTime(s: string): Date {
	if (/[zZ]|[+-]\d\d:?\d\d$/.test(s.slice(10))) return new Date(s);
	return new Date(s.replace(' ', 'T') + 'Z');
}
