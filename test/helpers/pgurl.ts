/** The real PostgreSQL used by the database suites (CI starts it; trust auth on this machine). */
export function adminUrl(): string {
	return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function dbUrl(database: string): string {
	const u = new URL(adminUrl());
	u.pathname = `/${database}`;
	return u.toString();
}
