import type { Severity } from './types.ts';

// Free-text severity words (Alertmanager/Grafana `severity` labels, the generic format,
// Icinga Notifications). Compared after lower-casing and dropping separators.
const WORDS: Record<string, Severity> = {};
const put = (sev: Severity, words: string[]) => words.forEach((w) => (WORDS[w] = sev));
put('critical', ['critical', 'crit', 'disaster', 'emergency', 'emerg', 'alert', 'fatal', 'page', 'p1', 'sev1', 'sev0', 'p0']);
put('major', ['major', 'high', 'error', 'err', 'serious', 'severe', 'p2', 'sev2']);
put('minor', ['minor', 'average', 'medium', 'moderate', 'p3', 'sev3']);
put('warning', ['warning', 'warn', 'low', 'p4', 'sev4']);
put('info', ['info', 'informational', 'information', 'notice', 'ok', 'none', 'debug', 'p5', 'sev5']);

export function severityFromWord(word: string): Severity | undefined {
	if (word.length > 64) return undefined; // no severity word is that long: skip the scan
	const w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
	return Object.hasOwn(WORDS, w) ? WORDS[w] : undefined;
}
