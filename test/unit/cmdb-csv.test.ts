import { describe, it, expect } from 'vitest';
import { parseCsv, toCsv, CsvError } from '../../src/lib/server/cmdb/csv';

describe('RFC 4180 CSV parser', () => {
	it.each([
		['a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
		['a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
		['"x, y","say ""hi""",z\n', [['x, y', 'say "hi"', 'z']]],
		['"multi\nline",2\n', [['multi\nline', '2']]],
		['a,,\n', [['a', '', '']]],
		['"",b\n', [['', 'b']]],
		['a\n\nb\n', [['a'], ['b']]],
		['\ufeffname\nx\n', [['name'], ['x']]]
	])('%j', (text, rows) => {
		expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
	});

	it('reports the line each record starts on', () => {
		expect(parseCsv('h\n"a\nb"\nc\n').map((r) => r.line)).toEqual([1, 2, 4]);
	});

	it.each([
		['"open\n', 'line 1: unterminated quoted field'],
		['a,b"c\n', 'line 1: a quote inside an unquoted field (quote the whole field)'],
		['x\n"a"b\n', 'line 2: text after a closing quote']
	])('rejects %j', (text, message) => {
		expect(() => parseCsv(text)).toThrow(CsvError);
		expect(() => parseCsv(text)).toThrow(message);
	});

	it('round-trips through toCsv', () => {
		const rows = [['name', 'note'], ['a,b', 'he said "no"\nthen left'], ['', 'x']];
		expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
	});
});
