import type { z } from 'zod';
import type { RegistryIssue } from './registry-corrupt-error.js';

/** Keys that would reach an object's prototype if a consumer ever assigned them. */
const forbiddenKeys = new Set(['__proto__', 'constructor']);

/** Finds every `__proto__`/`constructor` key in a parsed JSON value (at most `limit`). */
export function findForbiddenKeys(value: unknown, limit = 20): RegistryIssue[] {
  const found: RegistryIssue[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (found.length >= limit || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...path, index]);
      return;
    }
    for (const key of Object.keys(node)) {
      if (forbiddenKeys.has(key)) {
        found.push({ path: [...path, key], message: `forbidden key "${key}"` });
      } else visit((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(value, []);
  return found;
}

/** Zod issues as {@link RegistryIssue}s (symbol keys rendered as strings). */
export function issuesOf(error: z.ZodError): RegistryIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
}

/** The outcome of checking a candidate document: the schema's output, or what is wrong. */
export type CheckedDocument<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: 'forbidden-key' | 'schema';
      readonly issues: RegistryIssue[];
      readonly cause?: z.ZodError;
    };

/** Checks a parsed document: no prototype-reaching keys, then the schema. */
export function checkDocument<T>(schema: z.ZodType<T>, value: unknown): CheckedDocument<T> {
  const forbidden = findForbiddenKeys(value);
  if (forbidden.length > 0) return { ok: false, reason: 'forbidden-key', issues: forbidden };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: 'schema', issues: issuesOf(parsed.error), cause: parsed.error };
}

/** The file's text for a document: two-space JSON with a trailing newline, like most tools. */
export function serializeDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
