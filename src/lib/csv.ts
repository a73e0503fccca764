/**
 * The app's one CSV writer (RFC 4180, CRLF), for every export: the tickets and dashboard pages
 * (browser) and the finance exports (server). Pure; no server imports.
 *
 * Formula injection: a text cell starting with = + - @ (or a tab / CR) is run as a formula by
 * spreadsheets; titles are requester-controlled. Such a cell is prefixed with ' (OWASP), except
 * when the whole cell is a plain number: "-960.00" stays a negative number, not text.
 */
export type CsvValue = string | number | bigint | null | undefined;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** RFC 4180 quoting only (for files that must round-trip exactly, e.g. CMDB import samples). */
export function csvQuote(s: string): string {
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One exported cell: numbers as they are, formula-like text neutralised, quoted when needed. */
export function csvCell(v: CsvValue): string {
	if (v === null || v === undefined) return '';
	let s = String(v);
	if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = `'${s}`;
	return csvQuote(s);
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
	return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function downloadCsv(filename: string, csv: string): void {
	const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	URL.revokeObjectURL(url);
}
