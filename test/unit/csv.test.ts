// Issue 18 (K1, medium 10): one CSV writer; formula-like text neutralised, numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/csv.ts';
import { amount, toCsv as financeCsv } from '../../src/lib/server/finance/csv.ts';

describe('the CSV writer', () => {
	it.each([
		['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
		['+cmd|/c calc', "'+cmd|/c calc"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\t=1', "'\t=1"],
		['\r=1', `"'\r=1"`],
		['plain, with comma', '"plain, with comma"'],
		['-960.00', '-960.00'],
		['+5', '+5'],
		['-1e3', '-1e3'],
		['-.5', '-.5'],
		['-', "'-"],
		['- 5', "'- 5"]
	])('text %j → %s', (v, out) => expect(csvCell(v)).toBe(out));

	it('numbers and bigints are numbers, empty is empty', () => {
		expect(csvCell(-960)).toBe('-960');
		expect(csvCell(12345678901234567890n)).toBe('12345678901234567890');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
	});

	it('tickets/dashboard exports neutralise requester titles', () => {
		expect(toCsv(['number', 'title'], [['T-1', '=WEBSERVICE("http://x")'], ['T-2', '@foo']])).toBe('number,title\r\nT-1,"\'=WEBSERVICE(""http://x"")"\r\nT-2,\'@foo\r\n');
	});

	it('finance exports keep negative amounts as numbers (was \'-960.00 as text)', () => {
		const csv = financeCsv([{ header: 'item', value: (r: { item: string; cents: number }) => r.item }, { header: 'amount', value: (r) => amount(r.cents) }], [{ item: '=1+1', cents: -96000 }]);
		expect(csv).toBe("item,amount\r\n'=1+1,-960.00\r\n");
	});
});
