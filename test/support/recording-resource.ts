import type { Resource } from '../../src/index.js';

/** How a test resource's release misbehaves. */
export type ReleaseFault = 'none' | 'throw-sync' | 'reject' | 'hang';

/**
 * A resource that appends `acquire:<name>` / `release:<name>` to `log`, with an optional fault in
 * its release, so tests can see the order in which a scope works.
 */
export function recordingResource(
  name: string,
  log: string[],
  fault: ReleaseFault = 'none',
): Resource<string> {
  return {
    kind: 'test',
    label: name,
    acquire: async () => {
      log.push(`acquire:${name}`);
      return name;
    },
    release: (value, { signal }) => {
      log.push(`release:${value}`);
      if (fault === 'throw-sync') throw new Error(`sync failure in ${value}`);
      if (fault === 'reject') return Promise.reject(new Error(`async failure in ${value}`));
      if (fault === 'hang') {
        return new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            log.push(`aborted:${value}`);
            resolve();
          });
        });
      }
      return Promise.resolve();
    },
  };
}
