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

/**
 * Cents as a decimal amount (1234 → "12.34"), for spreadsheets. Exact for any integer: bigints and
 * digit strings (amounts past 2^53) are converted in BigInt, never through a double.
 */
export const amount = (cents: number | bigint | string | null | undefined): string => {
	if (cents === null || cents === undefined || cents === '') return '';
	const c = typeof cents === 'bigint' ? cents : typeof cents === 'string' ? BigInt(cents.trim()) : BigInt(Math.round(cents));
	const neg = c < 0n;
	const a = neg ? -c : c;
	return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};

export function csvResponse(csv: string, filename: string): Response {
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }
	});
}
