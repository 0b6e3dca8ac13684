import { z } from 'zod';
import { jsonValueSchema } from '../internal/json-value.js';
import type { JsonValue } from '../scope/resource.js';

/**
 * The process that owns a journal: pid, its start time in clock ticks since boot, and the boot
 * id. A pid whose start time or boot id differ is another process.
 *
 * @example
 * ```ts
 * const owner: OwnerIdentity = { pid: 4242, startTime: 981234, bootId: '7f1c…' };
 * ```
 */
export interface OwnerIdentity {
  readonly pid: number;
  readonly startTime: number;
  readonly bootId: string;
}

/**
 * One line of a journal file. `intent` is written before a resource is acquired, `update`
 * refines it during acquire, `acquired` and `released` follow the resource's life, `committed`
 * keeps resources for good.
 *
 * @example
 * ```ts
 * const hook = (record: JournalRecord) => record.t === 'intent' && crashHere();
 * ```
 */
export type JournalRecord =
  | {
      readonly t: 'open';
      readonly v: 1;
      readonly scope: string;
      readonly owner: OwnerIdentity;
      readonly at: number;
    }
  | {
      readonly t: 'intent';
      readonly seq: number;
      readonly kind: string;
      readonly label: string;
      readonly intent: JsonValue;
      readonly at: number;
    }
  | { readonly t: 'update'; readonly seq: number; readonly intent: JsonValue }
  | { readonly t: 'acquired'; readonly seq: number; readonly acquired?: JsonValue }
  | { readonly t: 'released'; readonly seq: number }
  | { readonly t: 'committed'; readonly seqs: readonly number[] };

const json = jsonValueSchema;
const seq = z.number().int().nonnegative();

const OwnerIdentitySchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.number().int().nonnegative(),
  bootId: z.string().min(1),
});

/** Journal files are read back through this schema only: they are a trust boundary. */
export const JournalRecordSchema: z.ZodType<JournalRecord> = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('open'),
    v: z.literal(1),
    scope: z.string(),
    owner: OwnerIdentitySchema,
    at: z.number(),
  }),
  z.object({
    t: z.literal('intent'),
    seq,
    kind: z.string().min(1),
    label: z.string(),
    intent: json,
    at: z.number(),
  }),
  z.object({ t: z.literal('update'), seq, intent: json }),
  z.object({ t: z.literal('acquired'), seq, acquired: json.optional() }),
  z.object({ t: z.literal('released'), seq }),
  z.object({ t: z.literal('committed'), seqs: z.array(seq) }),
]) as z.ZodType<JournalRecord>;

/** One resource as the journal knows it, once all its records are folded together. */
export interface JournalledResource {
  readonly seq: number;
  readonly kind: string;
  readonly label: string;
  /** The latest intent: the one given before acquire, or a refinement written during it. */
  readonly intent: JsonValue;
  /** What acquire learned, when it finished and the resource described it. */
  readonly acquired: JsonValue | undefined;
  readonly state: 'pending' | 'acquired' | 'released' | 'kept';
  /** When the intent was written (ms since the epoch). */
  readonly at: number;
}
