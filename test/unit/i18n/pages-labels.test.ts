/** The CMDB and staffing pages' catalog (messages/pages) and code labels (src/lib/i18n/labels.ts) in en, es, fr. */
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import { overwriteGetLocale, baseLocale } from '$lib/paraglide/runtime';
import {
	ciStatusLabel,
	ciClassLabel,
	identityKindLabel,
	relationLabel,
	changeTypeLabel,
	riskLabel,
	changeStateLabel,
	changeActionLabel,
	staffChannelLabel,
	forecastMethodLabel,
	solverStatusLabel,
	shiftLabel,
	forecastNoteLabel,
	foundLabel
} from '$lib/i18n/labels';
import { failureText, fieldFailure } from '../../../src/routes/cmdb/formError';
import { CI_STATUSES, CHANGE_STATES, CHANGE_TYPES, RISKS, CHANGE_ACTIONS, RELATION_TYPES, IDENTITY_KINDS } from '$lib/server/cmdb/schemas';
import { BUILTIN_CLASSES } from '$lib/server/cmdb/classes';
import { REQUIREMENT_CHANNELS } from '$lib/server/staffing/schemas';
import { DEFAULT_SHIFTS } from '$lib/staffing/shiftTemplates';
import { forecastArrivals } from '$lib/server/staffing/forecast';

const LOCALES = ['en', 'es', 'fr'] as const;
const use = (locale: string) => overwriteGetLocale(() => locale as typeof baseLocale);
afterEach(() => use('en'));

const catalog = (l: string) => JSON.parse(fs.readFileSync(`messages/pages/${l}.json`, 'utf8')) as Record<string, string>;
const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

describe('messages/pages catalogs', () => {
	it('have the same keys in every language, none empty, with the same parameters, all prefixed cmdb_/staff_', () => {
		const en = catalog('en');
		const keys = Object.keys(en).filter((k) => k !== '$schema');
		expect(keys.length).toBeGreaterThan(200);
		for (const k of keys) expect(k).toMatch(/^(cmdb|staff)_/);
		for (const l of ['es', 'fr']) {
			const other = catalog(l);
			expect(Object.keys(other).filter((k) => k !== '$schema').sort()).toEqual([...keys].sort());
			for (const k of keys) {
				expect(other[k], `${l}.${k}`).toBeTruthy();
				expect(params(other[k]), `${l}.${k} parameters`).toEqual(params(en[k]));
			}
		}
	});
});

describe('code labels of the CMDB and staffing pages', () => {
	const sets: Array<[string, readonly string[], (c: string) => string]> = [
		['CI status', CI_STATUSES, ciStatusLabel],
		['CI class', Object.keys(BUILTIN_CLASSES), (c) => ciClassLabel(c)],
		['identity kind', IDENTITY_KINDS, identityKindLabel],
		['relation', RELATION_TYPES, relationLabel],
		['change type', CHANGE_TYPES, changeTypeLabel],
		['risk', RISKS, riskLabel],
		['change state', CHANGE_STATES, changeStateLabel],
		['change action', CHANGE_ACTIONS, changeActionLabel],
		['channel', REQUIREMENT_CHANNELS, staffChannelLabel],
		['solver status', ['optimal', 'feasible', 'infeasible'], solverStatusLabel],
		['forecast method', ['seasonalNaive', 'weightedAverage', 'holtWintersAdditive', 'holtWintersMultiplicative', 'flatMean'], forecastMethodLabel]
	];
	it.each(LOCALES)('name every code of the domain in %s (never the raw code)', (locale) => {
		use(locale);
		for (const [what, codes, label] of sets) {
			for (const code of codes) {
				const text = label(code);
				expect(text, `${what} ${code}`).toBeTruthy();
				expect(text, `${what} ${code}`).not.toBe(code);
			}
		}
	});

	it('translates change states, shifts and forecaster notes into French and Spanish', () => {
		use('fr');
		expect(changeStateLabel('draft')).toBe('Brouillon');
		expect(shiftLabel(DEFAULT_SHIFTS[0].name)).toBe('Nuit 00–08');
		use('es');
		expect(changeStateLabel('draft')).toBe('Borrador');
		for (const s of DEFAULT_SHIFTS) expect(shiftLabel(s.name)).not.toBe(s.name);
		// A custom class keeps the label its admin gave it.
		expect(ciClassLabel('pdu', 'Power strip')).toBe('Power strip');
		// The note the forecaster really writes for a short history (one day of a week).
		const fc = forecastArrivals({ arrivals: Array(48).fill(2), intervalMinutes: 30, horizon: 48 });
		expect(fc.notes.length).toBeGreaterThan(0);
		expect(forecastNoteLabel(fc.notes[0])).toBe(
			'El historial cubre 48 de los 336 intervalos de una semana: no se puede estimar un patrón semanal, se usa una media constante.'
		);
		expect(forecastNoteLabel('weightedAverage needs 4 weeks of history, only 1.5 available')).toBe(
			'Media ponderada necesita 4 semanas de historial, solo hay 1,5.'
		);
		expect(forecastNoteLabel('something new')).toBe('something new');
	});

	it('says “found” with each language’s plural rule', () => {
		expect(foundLabel(1, '1')).toBe('1 found');
		use('fr');
		expect(foundLabel(0, '0')).toBe('0 trouvé');
		expect(foundLabel(1, '1')).toBe('1 trouvé');
		expect(foundLabel(2, '2')).toBe('2 trouvés');
		use('es');
		expect(foundLabel(1, '1')).toBe('1 encontrado');
		expect(foundLabel(0, '0')).toBe('0 encontrados');
	});

	it('shows a failed form action as its code’s translation, naming the field by its label', () => {
		const f = { error: 'plannedEnd: must be after plannedStart', code: 'INVALID', field: 'plannedEnd' };
		// English keeps the service's precise sentence.
		expect(failureText(f, { plannedEnd: 'End (UTC)' })).toBe('plannedEnd: must be after plannedStart');
		use('fr');
		const fr = failureText(f, { plannedEnd: 'Fin (UTC)' })!;
		expect(fr).toContain('Fin (UTC)');
		expect(fr).not.toContain('must be after');
		expect(fieldFailure(f, 'plannedEnd')).not.toContain('Fin (UTC)');
		expect(fieldFailure(f, 'title')).toBeNull();
		expect(failureText(null)).toBeNull();
		expect(failureText({ done: true } as never)).toBeNull();
	});
});
