/** Display formatting shared by the wall and the dashboard. */
export function formatValue(v: number | null | undefined, unit: string | undefined): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '—';
	if (unit === 'pct') return `${(v * 100).toFixed(1)}%`;
	if (unit === 'duration') return formatDuration(v);
	return Math.round(v).toLocaleString('en-US');
}

export function formatDuration(s: number): string {
	if (s < 90) return `${Math.round(s)} s`;
	if (s < 5400) return `${Math.round(s / 60)} min`;
	if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
	return `${(s / 86400).toFixed(1)} d`;
}
