import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { UsageError, type Cli } from './run';

/** `parseArgs` (strict by default); its errors become usage errors (exit code 2). */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config); // strict unless the config says otherwise
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${message.match(/'([^']+)'/)?.[1] ?? ''}（未知选项）`.trim());
    throw new UsageError(message);
  }
}

/** `--villages A,B --villages C` → [A, B, C]; blanks dropped. */
export function listOption(values: string | string[] | undefined): string[] {
  const all = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return all.flatMap((v) => v.split(/[,，\s]+/)).filter(Boolean);
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Validates what the command line gave with a zod schema. The first issue becomes a usage error
 * naming the option: `--username: 用户名为3到64位…`. `labels` names what is not an option.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string> = {}): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path[0];
  const name = typeof key === 'string' ? (labels[key] ?? `--${kebab(key)}`) : null;
  throw new UsageError(name ? `${name}: ${issue.message}` : issue.message);
}

/** Options every command must have; missing ones are a usage error. */
export function requireOptions(values: Record<string, unknown>, names: string[]): void {
  const missing = names.filter((name) => values[name] === undefined || values[name] === '');
  if (missing.length) throw new UsageError(`missing ${missing.map((name) => `--${kebab(name)}`).join(', ')}（缺少必填选项）`);
}

/** The first word is the command; `help`, `--help` and `-h` ask for the usage. */
/** Runs the subcommand named first in `argv`; `help` prints the usage; anything else is a usage error. */
export async function dispatch(argv: string[], cli: Cli, usage: string, commands: Record<string, (rest: string[], cli: Cli) => Promise<void>>): Promise<void> {
  const { command, rest } = splitCommand(argv);
  if (command === 'help') return cli.out(usage);
  if (command === undefined) throw new UsageError('missing command（缺少命令）');
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) throw new UsageError(`unknown command ${command}（未知命令）`);
  return run(rest, cli);
}

export function splitCommand(args: string[]): { command: string | undefined; rest: string[] } {
  const [command, ...rest] = args;
  if (command === undefined) return { command: undefined, rest };
  if (command === '--help' || command === '-h') return { command: 'help', rest };
  return { command, rest };
}
