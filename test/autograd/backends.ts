/**
 * The backends other than the reference that can run here. Each faster backend registers itself
 * in this list; one that cannot start on this machine is left out with a printed reason.
 */
import type { Backend } from '../../src/autograd/index.js';

export async function availableBackends(): Promise<Backend[]> {
  return [];
}
