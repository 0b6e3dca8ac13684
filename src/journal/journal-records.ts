import { z } from 'zod';
import type { JsonValue } from '../scope/resource.js';

/** Any JSON value, typed as the library's read-only `JsonValue`. */
const json = z.json() as unknown as z.ZodType<JsonValue>;

/** Who wrote a journal: enough to tell a live owner from a dead one or a recycled pid. */
export const OwnerIdentitySchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.number().int().nonnegative(),
  bootId: z.string().min(1),
});

/**
 * The process that owns a journal: pid, its start time in clock ticks since boot, and the boot
 * id. A pid whose start time or boot id differ is another process.
 *
 * @example
 * ```ts
 * const owner: OwnerIdentity = { pid: 4242, startTime: 981234, bootId: '7f1c…' };
 * ```
 */
export type OwnerIdentity = z.infer<typeof OwnerIdentitySchema>;

const seq = z.number().int().nonnegative();

/** Every line of a journal file is one of these; read back through this schema only. */
export const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('open'),
    v: z.literal(1),
    scope: z.string(),
    owner: OwnerIdentitySchema,
    at: z.number(),
  }),
  z.object({ t: z.literal('intent'), seq, kind: z.string().min(1), intent: json, at: z.number() }),
  z.object({ t: z.literal('update'), seq, intent: json }),
  z.object({ t: z.literal('acquired'), seq, acquired: json.optional() }),
  z.object({ t: z.literal('released'), seq }),
  z.object({ t: z.literal('committed'), seqs: z.array(seq) }),
]);

/** One journal record. */
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** One resource as the journal knows it, once all its records are folded together. */
export interface JournalledResource {
  readonly seq: number;
  readonly kind: string;
  /** The latest intent: the one given before acquire, or a refinement written during it. */
  readonly intent: JsonValue;
  /** What acquire learned, when it finished and the resource described it. */
  readonly acquired: JsonValue | undefined;
  readonly state: 'pending' | 'acquired' | 'released' | 'kept';
  /** When the intent was written (ms since the epoch). */
  readonly at: number;
}
