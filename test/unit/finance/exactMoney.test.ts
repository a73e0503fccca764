/** K1 (partial): money past 2^53 cents is formatted exactly, for the pages (fmtMoney) and the CSVs (amount). */
import { describe, it, expect } from 'vitest';
import { centsDecimal, fmtMoney } from '../../../src/lib/format';
import { amount } from '../../../src/lib/server/finance/csv';

// 2^53 + 1 cents: a double cannot hold it (Number(9007199254740993n) === 9007199254740992).
const BIG = 9007199254740993n;

describe('exact money past 2^53 cents', () => {
	it('centsDecimal splits cents exactly, negative too', () => {
		expect(centsDecimal(BIG)).toBe('90071992547409.93');
		expect(centsDecimal(-BIG)).toBe('-90071992547409.93');
		expect(centsDecimal(5n)).toBe('0.05');
		expect(centsDecimal(0n)).toBe('0.00');
	});

	it('fmtMoney formats bigint and digit-string cents without precision loss', () => {
		expect(fmtMoney(BIG, 'EUR', 'en')).toBe('€90,071,992,547,409.93');
		expect(fmtMoney(BIG.toString(), 'EUR', 'en')).toBe('€90,071,992,547,409.93');
		expect(fmtMoney('-123456789012345678901', 'USD', 'en')).toBe('-$1,234,567,890,123,456,789.01');
		expect(fmtMoney(BIG, 'EUR', 'fr').replace(/\s/g, ' ')).toBe('90 071 992 547 409,93 €');
		// what going through a double would have printed: the last cent is lost
		expect(fmtMoney(Number(BIG), 'EUR', 'en')).not.toBe('€90,071,992,547,409.93');
		// the number path is unchanged for ordinary amounts
		expect(fmtMoney(123456, 'EUR', 'en')).toBe('€1,234.56');
		expect(fmtMoney('1250', 'EUR', 'en')).toBe('€12.50');
		expect(fmtMoney(null, 'EUR', 'en')).toBe('—');
	});

	it('the CSV amount is exact for bigint, digit strings and numbers', () => {
		expect(amount(BIG)).toBe('90071992547409.93');
		expect(amount(BIG.toString())).toBe('90071992547409.93');
		expect(amount(-1234)).toBe('-12.34');
		expect(amount(7)).toBe('0.07');
		expect(amount(null)).toBe('');
		expect(amount(undefined)).toBe('');
	});
});
