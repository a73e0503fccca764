/** A small seeded PRNG (mulberry32) so the demo desk is the same on every machine. */
export class Rng {
	private s: number;
	constructor(seed: number) {
		this.s = seed >>> 0;
	}
	next(): number {
		let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(minIncl: number, maxExcl: number): number {
		return minIncl + Math.floor(this.next() * (maxExcl - minIncl));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	/** Weighted choice: weights need not sum to 1. */
	weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
		const entries = Object.entries(weights) as [T, number][];
		const total = entries.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [k, w] of entries) {
			r -= w;
			if (r < 0) return k;
		}
		return entries[entries.length - 1][0];
	}
	/** Exponential with the given mean. */
	exp(mean: number): number {
		return -Math.log(1 - this.next()) * mean;
	}
	/** Log-normal-ish positive duration around a median, with a spread factor. */
	lognormal(median: number, sigma: number): number {
		const u1 = this.next() || 1e-12;
		const u2 = this.next();
		const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
		return median * Math.exp(sigma * z);
	}
	/** Poisson draw (Knuth for small means, normal approximation above 50). */
	poisson(mean: number): number {
		if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.lognormalZ()));
		const l = Math.exp(-mean);
		let k = 0;
		let p = 1;
		do {
			k++;
			p *= this.next();
		} while (p > l);
		return k - 1;
	}
	private lognormalZ(): number {
		const u1 = this.next() || 1e-12;
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.next());
	}
}
