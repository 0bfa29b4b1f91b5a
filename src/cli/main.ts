import { Command, InvalidArgumentError } from 'commander';
import {
  parseFormat,
  parseGrade,
  parseSeconds,
  parseSeverity,
  runScanCommand,
  UsageError,
  type ScanCommandOptions,
} from './scan.js';
import { packageVersion } from './version.js';

const EXIT_CODES = `
Exit codes of scan:
  0  scanned, and under the thresholds
  1  a finding at or above --fail-on, or a grade below --min-grade
  2  the scan could not be done (bad arguments, an unreachable target, an
     unusable .trusttrace.yaml), or part of the analysis did not run (unless
     --allow-incomplete)`;

function option<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/**
 * The service commands bring the HTTP server, the store and the job queue (and through them every
 * heavy module) with them; `trusttrace scan` needs none of it, so they load only for another command
 * or for the help that lists them all.
 */
async function registerServiceCommands(program: Command): Promise<void> {
  const [accounts, migrate, serve, worker] = await Promise.all([
    import('./commands/accounts.js'),
    import('./commands/migrate.js'),
    import('./commands/serve.js'),
    import('./commands/worker.js'),
  ]);
  migrate.registerMigrateCommand(program);
  accounts.registerAccountsCommand(program);
  serve.registerServeCommand(program);
  worker.registerWorkerCommand(program);
}

/** The command word of an argument list (`scan` in `trusttrace scan --format json .`), if any. */
function commandWord(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('trusttrace')
    .description('Security scanner for MCP servers and the files that wire AI agents to them')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .addHelpText('after', EXIT_CODES);

  program
    .command('scan')
    .description(
      'scan files, directories, live MCP servers, or (with no paths) the MCP client configs of this user and project',
    )
    .argument('[paths...]', 'files or directories (recursively; .git and node_modules are skipped)')
    .option('--url <url>', 'a live MCP server to scan')
    .option('--auth-token <token>', 'sent to --url as Authorization: Bearer')
    .option(
      '--discover',
      'find the MCP client configs of this user and project, list their servers and scan them (the default without paths or --url)',
    )
    .option('--home <dir>', 'the home directory --discover looks in (default: yours)')
    .option(
      '--launch',
      'start each configured stdio server (runs its command), list its tools over stdio, and stop it; scan configured remote servers live',
    )
    .option('--launch-timeout <seconds>', 'time each launched server gets (default 30)', option(parseSeconds))
    .option(
      '--config <file>',
      'the suppression file to use instead of .trusttrace.yaml at the scanned root; its `settings:` set scanner settings',
    )
    .option('--baseline <file>', 'report only findings that are not in this baseline')
    .option('--write-baseline <file>', "write this scan's findings as a baseline")
    .option('--format <format>', 'table, json or sarif', option(parseFormat), 'table')
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding (not suppressed) is at or above this severity',
      option(parseSeverity),
    )
    .option('--min-grade <grade>', 'exit 1 when the grade is below this one', option(parseGrade))
    .option(
      '--allow-incomplete',
      'exit 0/1 by the thresholds even when part of the analysis did not run (default: exit 2)',
    )
    .addHelpText('after', EXIT_CODES)
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScanCommand(paths, options);
    });

  if (commandWord(argv) !== 'scan') await registerServiceCommands(program);

  return program;
}

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (error) {
  // commander has printed its own message; usage errors are exit code 2 per CONTRACT.md.
  const code = (error as { exitCode?: number; code?: string }).code;
  process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
}
