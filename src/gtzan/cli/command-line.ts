/**
 * The plumbing every `bench/` command shares, so each words the same mistake the same way: errors
 * as `<script>: <message>` on stderr with exit status 1 (or the command's own status for usage
 * errors), `--help` printing the script's text, option parsing through `node:util` `parseArgs`
 * whose errors point at `node bench/<script>.js --help`, value parsers turned into failures
 * (`check`, with the parsers of `options.ts`), and the matmul backend chosen by `--backend`.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { backendNames, createBackend, type BackendName, type BackendOptions, type ManagedBackend } from '../../autograd/backend/index.js';
import { setBackend } from '../../autograd/index.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { outputFolder, parsePositiveInt } from './options.js';

export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The options written on the command line (defaults not included). */
  given: Set<string>;
}

/** Options that may accompany `--resume`: they change how the work runs, never its result. */
const WITH_RESUME = new Set(['resume', 'workers', 'no-cache', 'help']);

/** How a resumable command (train, compare, feature-analysis) finds its settings and output folder. */
export interface ResumableJob<S> {
  /** The output folder's name without `--out`: runs/<prefix>-<timestamp>. */
  prefix: string | ((settings: S) => string);
  /** The settings a folder holds (for `--resume DIR`); throws naming what is missing. */
  read: (out: string) => S;
  /** The settings of a new job, from the other flags (failing through the command line). */
  start: () => S;
  /**
   * The settings file whose presence means a job already lives in a folder, and what such a job is
   * called: only --resume may continue it, and only --overwrite replaces it.
   */
  existing: [file: string, what: string];
}

/** What `resumable` settles: the settings, the output folder, and whether this job makes that folder (it did not exist). */
export interface ResumedOrNew<S> {
  settings: S;
  out: string;
  fresh: boolean;
}

export class CommandLine {
  /**
   * `script`: the file name without `.js` (`train`); `help`: the text `--help` prints;
   * `usageStatus`: the exit status of a malformed command line (default 1).
   */
  constructor(
    readonly script: string,
    private readonly help: string,
    private readonly usageStatus = 1,
  ) {}

  /** Print `<script>: <message>` to stderr and exit with `status` (default 1). */
  fail(message: string, status = 1): never {
    console.error(`${this.script}: ${message}`);
    process.exit(status);
  }

  /** Fail with the usage status: the command line itself is wrong. */
  usage(message: string): never {
    return this.fail(message, this.usageStatus);
  }

  /**
   * Parse `argv` (default: this process's arguments) against `options`, which must include a boolean
   * `help`; print the help text and exit 0 when it is set, fail naming the problem when parsing does.
   */
  parse(options: ParseArgsOptionsConfig, allowPositionals = false, argv: string[] = process.argv.slice(2)): ParsedCommandLine {
    let parsed: ParsedCommandLine;
    try {
      const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals, tokens: true });
      const given = new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])));
      parsed = { values: values as ParsedCommandLine['values'], positionals, given };
    } catch (err) {
      this.usage(`${(err as Error).message}\n(see node bench/${this.script}.js --help)`);
    }
    if (parsed.values.help) {
      console.log(this.help);
      process.exit(0);
    }
    return parsed;
  }

  /** The value `parse` returns, or a failure with the message of what it threw (a parser of `options.ts`). */
  check<T>(parse: () => T): T {
    try {
      return parse();
    } catch (err) {
      return this.fail((err as Error).message);
    }
  }

  /**
   * The settings and output folder of a resumable job from the parsed `--resume DIR` and `--out DIR`
   * (see `ResumableJob`), failing with the reason. Given the parsed `command`, `--resume` refuses
   * every other option but --workers and --no-cache, and any positional argument.
   */
  resumable<S>(values: { resume?: unknown; out?: unknown; overwrite?: unknown }, job: ResumableJob<S>, command?: Pick<ParsedCommandLine, 'given' | 'positionals'>): ResumedOrNew<S> {
    if (typeof values.resume === 'string') {
      if (values.overwrite === true) this.fail('--overwrite starts a new job and --resume continues one; give one of them');
      const others = [...(command?.given ?? [])].filter((name) => !WITH_RESUME.has(name)).map((name) => `--${name}`);
      if (command !== undefined && command.positionals.length > 0) others.unshift(command.positionals.join(' '));
      if (others.length > 0) {
        this.fail(`--resume continues with the settings in ${join(values.resume, job.existing[0])}; ${others.join(', ')} cannot change them (drop ${others.length > 1 ? 'them' : 'it'}, or start a new job with --out)`);
      }
      const out = resolve(values.resume);
      return { settings: this.check(() => job.read(out)), out, fresh: false };
    }
    const settings = job.start();
    const out = outputFolder(values.out as string | undefined, typeof job.prefix === 'string' ? job.prefix : job.prefix(settings));
    const [file, what] = job.existing;
    if (existsSync(join(out, file))) {
      if (values.overwrite !== true) this.fail(`${out} already holds ${what}; continue it with --resume ${out}, replace it with --overwrite, or choose another --out`);
      rmSync(out, { recursive: true, force: true });
    }
    return { settings, out, fresh: !existsSync(out) };
  }

  /**
   * After a job failed: remove `out` when this job made it (`fresh`) and it holds nothing but the
   * settings file `job.existing` names, so a start that failed (no clips, a bad split) leaves no
   * half-made folder that the next try with the same --out would be refused by.
   */
  discardFailedStart<S>(started: ResumedOrNew<S>, job: Pick<ResumableJob<S>, 'existing'>): void {
    const { out, fresh } = started;
    if (!fresh || !existsSync(out)) return;
    if (readdirSync(out).every((f) => f === job.existing[0])) rmSync(out, { recursive: true, force: true });
  }

  /** `text` as an integer >= 1, else fail naming `--name`. */
  positiveInt(name: string, text: string): number {
    return this.check(() => parsePositiveInt(name, text));
  }

  /** Create the backend `name` (`--backend`) and make it the one every op uses; fail saying why it cannot run here. */
  async useBackend(name: string, options: BackendOptions = {}): Promise<ManagedBackend> {
    if (!(backendNames as readonly string[]).includes(name)) this.fail(`--backend must be one of ${backendNames.join(', ')}, got '${name}'`);
    let backend: ManagedBackend;
    try {
      backend = await createBackend(name as BackendName, options);
    } catch (err) {
      return this.fail(`backend '${name}' cannot run here: ${(err as Error).message}`);
    }
    setBackend(backend);
    return backend;
  }
}
