/** The finance exports' columns over the app's one CSV writer (src/lib/csv.ts). Pure. */
import { csvCell } from '../../csv';

export interface CsvColumn<T> {
	header: string;
	value: (row: T) => string | number | bigint | null | undefined;
}

const field = csvCell;

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
