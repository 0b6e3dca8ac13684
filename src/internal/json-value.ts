import { z } from 'zod';
import type { JsonValue } from '../scope/resource.js';

/** Any JSON value (no cycles are checked: `JSON.stringify` refuses those), as `JsonValue`. */
export const jsonValueSchema = z.json() as unknown as z.ZodType<JsonValue>;
