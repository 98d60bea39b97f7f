import { shellQuote } from "./quote";

/*
 * How the cf CLI (v7 and later) reads its arguments. It parses them with go-flags, created with only the
 * HelpFlag option (util/command_parser), so:
 * - `--` does not end the options: without go-flags' PassDoubleDash it is an ordinary positional argument,
 *   so `cf restage -- NAME` would read `--` as the app's name. Commands therefore never use `--`.
 * - A positional argument that looks like an option (`-x…` or `--x…`) is always read as one, whatever the
 *   quoting: no cf command can name an app whose name looks like that.
 * - An option's value given as the next argument is refused when it looks like an option, but a value
 *   joined with `=` (`-o=VALUE`, `--space=VALUE`) is taken as it is, whatever it starts with.
 * - A value that starts with `"` is unquoted as a Go string literal (go-flags' unquoteIfPossible), so such
 *   a value is passed as a Go literal that unquotes back to it.
 */

/** go-flags' argumentIsOption: what cf reads as a flag rather than as a positional argument. */
export function cfReadsAsFlag(arg: string): boolean {
  return /^-[^-]/.test(arg) || /^--[^-]/.test(arg);
}

/**
 * `-o=VALUE` as shell text, for a value cf receives intact. JSON's string syntax is a subset of Go's
 * interpreted string literals, so JSON.stringify gives the literal go-flags unquotes back to `value`.
 */
export function cfOption(flag: `-${string}`, value: string): string {
  return `${flag}=${shellQuote(value.startsWith('"') ? JSON.stringify(value) : value)}`;
}
