/**
 * The plumbing the long-running `bench/` commands (train, compare, feature-analysis) share, so each
 * words the same mistake the same way: errors as `<script>: <message>` on stderr with exit status 1,
 * `--help` printing the script's text, and option parsing through `node:util` `parseArgs` whose
 * errors point at `node bench/<script>.js --help`.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export class CommandLine {
  /** `script`: the file name without `.js` (`train`); `help`: the text `--help` prints. */
  constructor(
    readonly script: string,
    private readonly help: string,
  ) {}

  /** Print `<script>: <message>` to stderr and exit with status 1. */
  fail(message: string): never {
    console.error(`${this.script}: ${message}`);
    process.exit(1);
  }

  /**
   * Parse `argv` (default: this process's arguments) against `options`, which must include a boolean
   * `help`; print the help text and exit 0 when it is set, fail naming the problem when parsing does.
   */
  parse(options: ParseArgsOptionsConfig, allowPositionals = false, argv: string[] = process.argv.slice(2)): ParsedCommandLine {
    let parsed: ParsedCommandLine;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals }) as ParsedCommandLine;
    } catch (err) {
      this.fail(`${(err as Error).message}\n(see node bench/${this.script}.js --help)`);
    }
    if (parsed.values.help) {
      console.log(this.help);
      process.exit(0);
    }
    return parsed;
  }

  /** `text` as an integer >= 1, else fail naming `--name`. */
  positiveInt(name: string, text: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) this.fail(`--${name} must be a positive integer, got '${text}'`);
    return value;
  }
}
