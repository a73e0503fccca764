import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	dialect: 'postgresql',
	schema: './schemas/postgres/index.ts',
	out: './schemas/postgres/migrations'
});
