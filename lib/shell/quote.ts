/**
 * Quoting for commands a person copies into a POSIX shell. Names come from uploaded dumps and URLs, so
 * every one of them is untrusted.
 */

/** A C string ends at NUL, so no command can receive one in an argument, however it is quoted. */
export function canShellQuote(value: string): boolean {
  return !value.includes("\0");
}

/**
 * One shell word that the shell hands to the command exactly as given. Inside single quotes a POSIX shell
 * expands nothing (`$`, backticks, `\`, `!` and newlines stay literal); a single quote itself is closed,
 * escaped and reopened (`'\''`). Every value is quoted, even a plain one, so no rule decides which values
 * are "safe".
 */
export function shellQuote(value: string): string {
  if (!canShellQuote(value)) throw new RangeError("a shell word cannot hold a NUL character");
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
