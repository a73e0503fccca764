/** `npm test` on a machine without chromium/pdftotext (and no apt-get to fetch them) stops at once with the command to run. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('scripts/test.mjs preflight', () => {
	it('names the missing Debian packages and the exact install command, and runs nothing', () => {
		const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-path-'));
		fs.symlinkSync(process.execPath, path.join(bin, 'node'));
		fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
		const r = spawnSync(path.join(bin, 'node'), ['scripts/test.mjs'], {
			env: { PATH: bin, HOME: os.tmpdir() },
			encoding: 'utf8',
			timeout: 20_000
		});
		fs.rmSync(bin, { recursive: true, force: true });
		expect(r.status).toBe(1);
		expect(r.stderr).toContain('missing chromium, poppler-utils');
		expect(r.stderr).toContain('apt-get update && apt-get install -y chromium poppler-utils');
		// Stopped before the build: no SvelteKit or vite output.
		expect(r.stdout).not.toContain('vite');
	});
});
