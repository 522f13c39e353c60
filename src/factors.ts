import type { Factor, FactorSlug } from './types.js';

/** The twelve factors, in the order https://12factor.net lists them. */
export const FACTORS: readonly Factor[] = [
  { number: 1, slug: 'codebase', title: 'Codebase' },
  { number: 2, slug: 'dependencies', title: 'Dependencies' },
  { number: 3, slug: 'config', title: 'Config' },
  { number: 4, slug: 'backing-services', title: 'Backing services' },
  { number: 5, slug: 'build-release-run', title: 'Build, release, run' },
  { number: 6, slug: 'processes', title: 'Processes' },
  { number: 7, slug: 'port-binding', title: 'Port binding' },
  { number: 8, slug: 'concurrency', title: 'Concurrency' },
  { number: 9, slug: 'disposability', title: 'Disposability' },
  { number: 10, slug: 'dev-prod-parity', title: 'Dev/prod parity' },
  { number: 11, slug: 'logs', title: 'Logs' },
  { number: 12, slug: 'admin-processes', title: 'Admin processes' },
];

const BY_SLUG = new Map(FACTORS.map((factor) => [factor.slug, factor]));

export function factorBySlug(slug: FactorSlug): Factor {
  const factor = BY_SLUG.get(slug);
  if (!factor) throw new Error(`unknown factor slug: ${slug}`);
  return factor;
}

export const FACTOR_SLUGS: readonly FactorSlug[] = FACTORS.map((factor) => factor.slug);
