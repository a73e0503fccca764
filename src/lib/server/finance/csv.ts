/** CSV writing (RFC 4180, CRLF) for the finance exports. Pure. */

export interface CsvColumn<T> {
	header: string;
	value: (row: T) => string | number | null | undefined;
}

function field(v: string | number | null | undefined): string {
	if (v === null || v === undefined) return '';
	let s = String(v);
	// A text cell a spreadsheet would run as a formula is prefixed with ' (numbers stay numbers).
	if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
	const out = [columns.map((c) => field(c.header)).join(',')];
	for (const r of rows) out.push(columns.map((c) => field(c.value(r))).join(','));
	return out.join('\r\n') + '\r\n';
}

/** Cents as a decimal amount (1234 → "12.34"), for spreadsheets. */
export const amount = (cents: number | null | undefined) =>
	cents === null || cents === undefined ? '' : `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function csvResponse(csv: string, filename: string): Response {
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }
	});
}
