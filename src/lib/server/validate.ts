/** Input validation: zod schemas in, DomainError naming the field out. */
import type { z } from 'zod';
import { DomainError, type ErrorCode } from './errors';

export function parseInput<S extends z.ZodType>(
	schema: S,
	input: unknown,
	code: ErrorCode = 'INVALID'
): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue.path.length ? issue.path.map(String).join('.') : undefined;
	const message = field ? `${field}: ${issue.message}` : issue.message;
	throw new DomainError(code, message, field);
}
