import { z } from 'zod';
import { jsonValueSchema } from '../internal/json-value.js';
import type { JsonValue } from '../scope/resource.js';
import { RegistryInvalidDocumentError, RegistryOperationError } from './registry-errors.js';

const json = jsonValueSchema;

/** One named operation a waiter asks any lock holder to apply. */
export interface OperationRequest {
  readonly operation: string;
  readonly args: JsonValue;
}

/** What a `.req` ticket holds: written by another process, so parsed, never trusted. */
const RequestFileSchema = z.object({
  v: z.literal(1),
  requests: z
    .array(z.object({ operation: z.string().min(1).max(200), args: json }))
    .min(1)
    .max(10_000),
});

/** Why one request failed, as the holder that applied it recorded it. */
const FailureSchema = z.object({
  code: z.string().max(100),
  message: z.string().max(10_000),
  issues: z
    .array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])),
        message: z.string(),
      }),
    )
    .max(100)
    .optional(),
});
type Failure = z.infer<typeof FailureSchema>;

/** A `.failed` file: one entry per request of the ticket, `null` for those applied. */
const FailureFileSchema = z.object({
  v: z.literal(1),
  failures: z.array(FailureSchema.nullable()).max(10_000),
});

/** The text of a `.req` ticket. */
export function serializeRequests(requests: readonly OperationRequest[]): string {
  return JSON.stringify({ v: 1, requests });
}

/** The requests of a ticket, or `undefined` when its text is not a request file. */
export function parseRequests(text: string): OperationRequest[] | undefined {
  try {
    const parsed = RequestFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.requests : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a `.failed` file; `errors[i]` is `undefined` for each request that applied. */
export function serializeFailures(errors: readonly unknown[]): string {
  return JSON.stringify({
    v: 1,
    failures: errors.map((e) => (e === undefined ? null : toFailure(e))),
  });
}

/**
 * The errors of a ticket's requests from its `.failed` text (`undefined` where one applied); a
 * text that cannot be read fails every request, since which ones applied is unknown.
 */
export function parseFailures(
  path: string,
  text: string,
  requests: readonly OperationRequest[],
): (Error | undefined)[] {
  let failures: (Failure | null)[] | undefined;
  try {
    const parsed = FailureFileSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.failures.length === requests.length) {
      failures = parsed.data.failures;
    }
  } catch {
    // Handled below, like any other unreadable outcome.
  }
  return requests.map(({ operation }, index) => {
    if (failures === undefined) {
      return new RegistryOperationError(path, operation, 'its outcome file is unreadable');
    }
    const failure = failures[index];
    return failure ? fromFailure(path, operation, failure) : undefined;
  });
}

function toFailure(error: unknown): Failure {
  if (error instanceof RegistryInvalidDocumentError) {
    const issues = error.issues.map(({ path, message }) => ({ path: [...path], message }));
    return { code: error.code, message: error.message, issues };
  }
  if (error instanceof RegistryOperationError) return { code: error.code, message: error.reason };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'REGISTRY_OPERATION_FAILED', message };
}

/** Rebuilds the typed error a failure stands for, as far as one crosses a process boundary. */
function fromFailure(path: string, operation: string, failure: Failure): Error {
  if (failure.code === 'REGISTRY_INVALID_DOCUMENT') {
    return new RegistryInvalidDocumentError(path, failure.issues ?? []);
  }
  return new RegistryOperationError(path, operation, failure.message);
}
