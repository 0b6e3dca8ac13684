/**
 * Compiles shell-style globs (`*`, `?`, `[abc]`) into one matcher; every other character is
 * literal. Used for `--protect`: a name matching any glob is never acted on.
 *
 * @example
 * ```ts
 * const isProtected = globMatcher(['agent_keep*', 'TASK-prod-*']);
 * isProtected('agent_keep-1'); // true
 * ```
 */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (name) => patterns.some((pattern) => pattern.test(name));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    const close = char === '[' ? glob.indexOf(']', i + 2) : -1;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (close > 0) {
      const body = glob.slice(i + 1, close);
      const negated = body.startsWith('!');
      const chars = (negated ? body.slice(1) : body).replace(/[\\^\]]/g, '\\$&');
      source += `[${negated ? '^' : ''}${chars}]`;
      i = close;
    } else source += char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
