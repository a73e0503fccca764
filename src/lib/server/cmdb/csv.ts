/**
 * A small RFC 4180 CSV parser: comma-separated fields, CRLF or LF records, double-quoted fields
 * that may hold commas, newlines and "" (an escaped quote). Pure; no I/O.
 */
import { csvQuote } from '../../csv';

export interface CsvRecord {
	/** 1-based line of the file where the record starts (quoted newlines make lines ≠ records). */
	line: number;
	fields: string[];
}

export class CsvError extends Error {
	constructor(
		message: string,
		readonly line: number
	) {
		super(`line ${line}: ${message}`);
		this.name = 'CsvError';
	}
}

export function parseCsv(text: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let line = 1;
	let recordLine = 1;
	let i = 0;
	// A quoted field has just closed: only a separator or a record end may follow.
	let closed = false;
	let quoted = false;
	const n = text.length;
	if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM from spreadsheet exports

	const endField = () => {
		fields.push(field);
		field = '';
		closed = false;
	};
	const endRecord = () => {
		endField();
		// A blank line is not a record.
		if (!(fields.length === 1 && fields[0] === '' && !quoted)) records.push({ line: recordLine, fields });
		fields = [];
		quoted = false;
	};

	while (i < n) {
		const c = text[i];
		if (c === '"') {
			if (field !== '' || closed) throw new CsvError('a quote inside an unquoted field (quote the whole field)', line);
			// Quoted field: read to the closing quote.
			quoted = true;
			i++;
			for (;;) {
				if (i >= n) throw new CsvError('unterminated quoted field', recordLine);
				const q = text[i];
				if (q === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (q === '\n') line++;
				field += q;
				i++;
			}
			closed = true;
			continue;
		}
		if (c === ',') {
			endField();
			i++;
			continue;
		}
		if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
			recordLine = line;
			continue;
		}
		if (closed) throw new CsvError('text after a closing quote', line);
		field += c;
		i++;
	}
	if (field !== '' || fields.length || closed) endRecord();
	return records;
}

/** Quotes a field when it needs it (import files in tests: they must round-trip exactly). */
export function csvField(v: unknown): string {
	return csvQuote(v === null || v === undefined ? '' : String(v));
}

export function toCsv(rows: unknown[][]): string {
	return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
