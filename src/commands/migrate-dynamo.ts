/** `clinnet-opt migrate-dynamo schema|copy|verify|add-partition`: DynamoDB services/users → Aurora MySQL. */
import type { Command } from 'commander';
import { ClientFactory } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { targetNameFor } from '../migrate/build-mapping.js';
import { MAPPING_TABLE, type Flavor } from '../migrate/ddl.js';
import { hasTarget, openTarget, type TargetOptions } from '../migrate/connection.js';
import type { CopyProgress } from '../migrate/copy.js';
import { copyTables, type CopyTablesResult } from '../migrate/copy-tables.js';
import { withSession } from '../migrate/session-scope.js';
import { withDynamoErrors } from '../migrate/dynamo-errors.js';
import { readAuditPartitions, readExistingSchema } from '../migrate/introspect.js';
import { formatMapping } from '../migrate/mapping-text.js';
import { formatLoadOrder, formatPlan, planTables } from '../migrate/into-existing.js';
import { planPartitions } from '../migrate/partitions.js';
import { formatProgressBar, formatProgressLine } from '../migrate/progress-format.js';
import { boundHeapGrowth } from '../migrate/heap.js';
import { readRejectReasons, rejectsPathFor } from '../migrate/rejects-file.js';
import { applySchema, resolveMapping, schemaStatements } from '../migrate/schema.js';
import { DynamoSource, describeSourceTable } from '../migrate/source.js';
import type { SqlSession, SqlTarget } from '../migrate/sql-session.js';
import { verifyIntoExisting } from '../migrate/verify-existing.js';
import { loadMapping, loadRejectsPath } from '../migrate/state-store.js';
import { verifyTable, type VerifyResult } from '../migrate/verify.js';
import { checkRejects, formatRejectsCheck } from '../migrate/verify-rejects.js';
import type { MigrateConfig } from '../migrate/config-schema.js';
import { loadConfig } from '../targets/config.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { pickDesignTables } from '../migrate/design-table-pick.js';
import { listDesignCandidates } from '../migrate/list-tables.js';
import { collectList, logLine, parseChoice, parsePositiveInt, writeResult } from './io.js';

interface CommonOptions extends TargetOptions {
  table?: string[];
  env?: string;
  region?: string;
  profile?: string;
  config?: string;
  password?: string;
}

const DEFAULT_TABLES = ['services', 'users'];

function withCommonOptions(command: Command): Command {
  return command
    .option('--table <name>', 'DynamoDB table (repeatable; default: the --env tables, else services and users)', collectList)
    .option('--env <env>', `find the environment's services and users tables by tag and name, as audit does (${ENV_OPTION_HELP})`)
    .option('--region <region>', 'AWS region of the table')
    .option('--profile <name>', 'AWS profile')
    .option('--config <file>', 'config file (its `migrate` section overrides the mapping)')
    .option('--mysql-url <url>', 'target as mysql://USER@HOST:PORT/DATABASE (no password: use $MYSQL_PWD or --secret-arn)')
    .option('--host <host>', 'target host')
    .option('--port <port>', 'target port', (v) => parsePositiveInt(v, '--port'))
    .option('--user <user>', 'target user')
    .option('--database <name>', 'target database')
    .option('--password-env <name>', 'environment variable holding the password', 'MYSQL_PWD')
    .option('--secret-arn <arn>', 'Secrets Manager secret with username/password (RDS format)')
    .option('--cluster-arn <arn>', 'write through the RDS Data API to this Aurora cluster (with --secret-arn, --database)')
    .option('--password <password>', 'not accepted: passwords never go on the command line');
}

interface Context {
  clients: ClientFactory;
  region: string | undefined;
  config: MigrateConfig | undefined;
  tables: string[];
}

async function context(options: CommonOptions): Promise<Context> {
  if (options.password !== undefined) {
    throw usageError('--password is not accepted (it would land in shell history): set MYSQL_PWD, or --password-env NAME, or --secret-arn');
  }
  const loaded = await loadConfig(options.config);
  const env = parseEnvOption(options.env, loaded.targets);
  const clients = new ClientFactory({ profile: options.profile, defaultRegion: options.region });
  const region = await clients.resolveDefaultRegion();
  let tables = options.table?.length ? options.table : DEFAULT_TABLES;
  if (!options.table?.length && env) {
    const candidates = await withDynamoErrors("the account's tables", region, () => listDesignCandidates(clients.dynamodb(region)));
    tables = pickDesignTables(candidates, env, loaded.targets);
    logLine(`--env ${env}: migrating ${tables.join(' and ')}`);
  }
  return { clients, region, config: loaded.config.migrate, tables };
}

function nextYear(): number {
  return new Date().getUTCFullYear() + 1;
}

function parseSample(value: string): number {
  if (value === 'all') return Infinity;
  if (value === 'none') return 0;
  return parsePositiveInt(value, '--sample');
}

function registerSchema(parent: Command): void {
  withCommonOptions(parent.command('schema'))
    .description('print (and with --apply run) the DDL: migrated tables, patients indexes, partitioned audit log')
    .option('--apply', 'run the statements on the target')
    .option('--flavor <flavor>', 'server to print for when no target is given: mysql (Aurora MySQL 3) or mariadb', 'mysql')
    .option('--sample <n>', 'items to sample for the columns: a number, all, or none (design columns only)', 'all')
    .option('--through-year <year>', 'create audit-log partitions through this year', (v) => parsePositiveInt(v, '--through-year'))
    .option('--into-existing', "print how the items map into the application's own tables (read from the target's information_schema); changes nothing")
    .option('--extra-column <name>', '--into-existing: JSON column of the target table for attributes without a column')
    .option('--drop-unmapped', '--into-existing: leave out attributes without a column instead of refusing')
    .action(async (options: CommonOptions & IntoExistingCliOptions & { apply?: boolean; flavor: string; sample: string; throughYear?: number }) => {
      const ctx = await context(options);
      if (options.intoExisting) {
        await printIntoExisting(ctx, options);
        return;
      }
      checkIntoExistingOptions(options);
      const flavorOption = parseChoice(options.flavor, ['mysql', 'mariadb'] as const, '--flavor');
      if (options.apply && !hasTarget(options)) throw usageError('--apply needs a target: --mysql-url, --host, --secret-arn, or --cluster-arn');
      const target = hasTarget(options) ? await openTarget(options, ctx.clients, ctx.region, 2) : null;
      try {
        const flavor: Flavor = target?.flavor ?? flavorOption;
        const run = async (session: SqlSession | null): Promise<void> => {
          const existing = session ? await readExistingSchema(session) : new Map();
          const mappings = [];
          for (const table of ctx.tables) {
            const resolved = await withDynamoErrors(table, ctx.region, () =>
              resolveMapping(table, { dynamo: ctx.clients.dynamodb(ctx.region), session, existing, config: ctx.config, sample: parseSample(options.sample) }),
            );
            logLine(
              resolved.stored
                ? `${table} → ${resolved.mapping.target}: using the mapping applied earlier`
                : `${table} → ${resolved.mapping.target}: ${resolved.mapping.columns.length} columns (from the design, ${resolved.sampled} sampled items and the config) + ${resolved.mapping.extraColumn}`,
            );
            mappings.push(resolved.mapping);
          }
          const statements = schemaStatements(mappings, flavor, existing, options.throughYear ?? nextYear());
          const ddl = statements.length ? statements.map((s) => `${s};`).join('\n\n') : '-- schema is up to date: nothing to do';
          const text = [...mappings.map((m) => formatMapping(m).join('\n')), ddl].join('\n\n');
          await writeResult(text);
          if (options.apply && session) {
            const result = await applySchema(session, statements, mappings);
            logLine(`applied ${result.statements.length} statement(s) to ${target?.description}; mappings recorded: ${result.savedMappings.join(', ') || 'none new'}`);
          } else if (session && statements.length) logLine('not applied: rerun with --apply');
        };
        if (target) await withSession(target, 'rerun `schema --apply` (it only adds what is missing)', run);
        else await run(null);
      } finally {
        await target?.close().catch(() => undefined);
      }
    });
}

interface IntoExistingCliOptions {
  intoExisting?: boolean;
  extraColumn?: string;
  dropUnmapped?: boolean;
}

function checkIntoExistingOptions(options: IntoExistingCliOptions): void {
  if (!options.intoExisting && (options.extraColumn !== undefined || options.dropUnmapped)) throw usageError('--extra-column and --drop-unmapped go with --into-existing');
}

/** `schema --into-existing`: the mapping into the application's tables, their problems, and the load order; nothing is changed. */
async function printIntoExisting(ctx: Context, options: CommonOptions & IntoExistingCliOptions & { apply?: boolean; sample: string }): Promise<void> {
  if (options.apply) throw usageError('schema --into-existing changes nothing (the tables are the application\'s): drop --apply, and copy with `copy --into-existing`');
  if (!hasTarget(options)) throw usageError('--into-existing needs a target (--mysql-url, --host, --secret-arn or --cluster-arn): it reads the tables from information_schema');
  const target = await openTarget(options, ctx.clients, ctx.region, 1);
  try {
    const planned = await withSession(target, 'rerun `schema --into-existing`', (session) =>
      withDynamoErrors(ctx.tables.join(', '), ctx.region, () =>
        planTables(ctx.tables, {
          dynamo: ctx.clients.dynamodb(ctx.region),
          session,
          config: ctx.config,
          sample: parseSample(options.sample),
          extraColumn: options.extraColumn,
          dropUnmapped: Boolean(options.dropUnmapped),
        }),
      ),
    );
    await writeResult([...planned.map((p) => formatPlan(p.plan).join('\n')), formatLoadOrder(planned)].join('\n\n'));
    const problems = planned.reduce((n, p) => n + p.plan.problems.length, 0);
    logLine(problems ? `${problems} problem(s): \`copy --into-existing\` refuses to start until they are solved (see PROBLEM above)` : 'nothing changed; `copy --into-existing` would copy with this mapping');
  } finally {
    await target.close().catch(() => undefined);
  }
}

interface CopyCliOptions extends CommonOptions, IntoExistingCliOptions {
  segments?: number;
  batchSize?: number;
  maxRcu?: number;
  resume?: boolean;
  restart?: boolean;
  dryRun?: boolean;
  maxRejects?: number;
  rejects?: string;
  sample: string;
  via: string;
  bucket?: string;
  prefix?: string;
}

function progressRenderer(expected: number): { update: (p: CopyProgress) => void; finish: () => void } {
  const started = performance.now();
  const tty = Boolean(process.stderr.isTTY);
  const interval = tty ? 200 : 5000;
  let last = 0;
  let latest: CopyProgress | null = null;
  const draw = (): void => {
    if (!latest) return;
    const elapsed = performance.now() - started;
    if (tty) process.stderr.write(`\r${formatProgressBar(latest, expected, elapsed)}\u001b[K`);
    else logLine(formatProgressLine(latest, expected, elapsed));
  };
  return {
    update(progress) {
      latest = progress;
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        draw();
      }
    },
    finish() {
      if (tty && latest) {
        draw();
        process.stderr.write('\n');
      }
    },
  };
}

function registerCopy(parent: Command): void {
  withCommonOptions(parent.command('copy', { isDefault: true }))
    .description('copy the items into the migrated tables (parallel scan, batched upserts, checkpoints)')
    .option('--segments <n>', 'parallel scan segments', (v) => parsePositiveInt(v, '--segments'))
    .option('--batch-size <n>', 'items per scan page and per transaction', (v) => parsePositiveInt(v, '--batch-size'))
    .option('--max-rcu <n>', 'limit consumed read capacity units per second', (v) => parsePositiveInt(v, '--max-rcu'))
    .option('--resume', 'continue an interrupted run from its checkpoints')
    .option('--restart', "start over: discard the earlier run's checkpoints and its tables' lines in the rejects file (it says how many)")
    .option('--dry-run', 'read and map only; report what would be written and rejected')
    .option('--max-rejects <n>', 'stop (exit 1) once more than N items are rejected', (v) => (v === '0' ? 0 : parsePositiveInt(v, '--max-rejects')))
    .option('--rejects <file>', 'rejects file, JSON lines naming their table; appended, shared by every table of the run (default: <target table>.rejects.jsonl per table)')
    .option('--sample <n>', 'dry run without a target: items to sample for the columns; --into-existing: for the attribute names (number, all, none)', 'all')
    .option('--via <path>', 'scan (parallel Scan, batched upserts) or export (DynamoDB export to S3, CSV, LOAD DATA)', 'scan')
    .option('--bucket <bucket>', '--via export: S3 bucket for the export and the CSV objects')
    .option('--prefix <prefix>', '--via export: S3 key prefix (a run writes under <prefix>/clinnet-opt/<target>/<time>/)')
    .option('--into-existing', "copy into the application's own tables (users, services), read from information_schema, instead of the *_migrated tables")
    .option('--extra-column <name>', '--into-existing: JSON column of the target table for attributes without a column')
    .option('--drop-unmapped', '--into-existing: go on without attributes that have no column (the summary lists them)')
    .action(async (options: CopyCliOptions) => {
      const ctx = await context(options);
      checkIntoExistingOptions(options);
      if (options.intoExisting && !hasTarget(options)) throw usageError('--into-existing needs a target (also for --dry-run): it reads the tables from information_schema');
      if (options.intoExisting && options.via === 'export') throw usageError('--into-existing copies by Scan: LOAD DATA ... REPLACE would overwrite the row holding a unique value (drop --via export)');
      if (options.resume && options.restart) throw usageError('--resume and --restart exclude each other');
      if (!options.dryRun && !hasTarget(options)) throw usageError('copy needs a target: --mysql-url, --host, --secret-arn, or --cluster-arn (or --dry-run)');
      const via = parseChoice(options.via, ['scan', 'export'] as const, '--via');
      if (via === 'export') {
        if (!options.bucket) throw usageError('--via export needs --bucket BUCKET (the S3 bucket DynamoDB exports to and the CSV objects go to)');
        if (options.dryRun) throw usageError('--via export has no --dry-run: a dry run reads with Scan (drop --via export)');
        if (options.maxRcu !== undefined) throw usageError('--max-rcu limits a Scan; an export reads no table capacity (drop --max-rcu or --via export)');
      } else if (options.bucket || options.prefix) throw usageError('--bucket and --prefix are for --via export');
      const segments = options.segments ?? ctx.config?.segments ?? 4;
      const batchSize = options.batchSize ?? ctx.config?.batchSize ?? 500;
      const maxRcu = options.maxRcu ?? ctx.config?.maxRcu;
      const maxRejects = options.maxRejects ?? ctx.config?.maxRejects;
      const target = hasTarget(options) ? await openTarget(options, ctx.clients, ctx.region, segments + 1) : null;
      boundHeapGrowth();
      const controller = new AbortController();
      const onSigint = (): void => {
        logLine('\ninterrupt: finishing the batches in flight (Ctrl-C again to abort at once)');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      let result: CopyTablesResult;
      try {
        result = await copyTables(
          {
            clients: ctx.clients,
            region: ctx.region,
            config: ctx.config,
            tables: ctx.tables,
            target,
            via,
            bucket: options.bucket,
            prefix: options.prefix,
            segments,
            batchSize,
            maxRcu,
            maxRejects,
            resume: Boolean(options.resume),
            restart: Boolean(options.restart),
            dryRun: Boolean(options.dryRun),
            rejects: options.rejects,
            sample: parseSample(options.sample),
            ...(options.intoExisting ? { intoExisting: { extraColumn: options.extraColumn, dropUnmapped: Boolean(options.dropUnmapped) } } : {}),
            signal: controller.signal,
          },
          { progress: progressRenderer, notice: logLine, result: async (line) => writeResult(line) },
        );
      } finally {
        process.removeListener('SIGINT', onSigint);
        await target?.close().catch(() => undefined);
      }
      if (result.stoppedBy === 'max-rejects') throw new CliError(`more than ${maxRejects} items rejected: see the rejects file`, ExitCode.findings);
      if (result.stoppedBy === 'interrupted') throw new CliError('interrupted: rerun with --resume to continue', ExitCode.partial);
    });
}

function renderVerify(result: VerifyResult): string {
  const lines = [
    `${result.table} → ${result.target}: ${result.ok ? 'OK' : 'DIFFERENT'}`,
    `  source items ${result.sourceItems}, target rows ${result.targetRows}, matching ${result.matched}`,
    result.rejectedOnFile === undefined
      ? `  missing ${result.counts.missing}, extra ${result.counts.extra}, changed ${result.counts.changed}, rejected by the mapping ${result.counts.rejected}`
      : `  missing ${result.counts.missing}, extra ${result.counts.extra}, changed ${result.counts.changed}, rejected ${result.counts.rejected} (by the mapping ${result.counts.rejected - result.rejectedOnFile}, by the server and on file ${result.rejectedOnFile})`,
  ];
  if (result.rejects) lines.push(`  ${formatRejectsCheck(result.rejects)}`);
  for (const d of result.differences) lines.push(`  ${d.kind.padEnd(8)} ${JSON.stringify(d.key)}${d.reason ? `  (${d.reason})` : ''}`);
  return lines.join('\n');
}

/** `verify --into-existing`: the plans as the copy made them, each table compared, and its rejects file checked. */
async function verifyExisting(
  ctx: Context,
  target: SqlTarget,
  options: IntoExistingCliOptions & { maxKeys: number; segments: number; rejects?: string; sample: string },
): Promise<VerifyResult[]> {
  const dynamo = ctx.clients.dynamodb(ctx.region);
  return withSession(target, 'rerun verify', async (session) => {
    const planned = await withDynamoErrors(ctx.tables.join(', '), ctx.region, () =>
      planTables(ctx.tables, { dynamo, session, config: ctx.config, sample: parseSample(options.sample), extraColumn: options.extraColumn, dropUnmapped: Boolean(options.dropUnmapped) }),
    );
    const problems = planned.flatMap((p) => p.plan.problems.map((problem) => `  ${p.plan.source} → ${p.plan.target}: ${problem}`));
    if (problems.length) throw usageError(`--into-existing: the mapping has problems (give verify the options the copy had):\n${problems.join('\n')}`);
    const existing = await readExistingSchema(session);
    const results: VerifyResult[] = [];
    for (const { plan } of planned) {
      const recorded = options.rejects ? null : await loadRejectsPath(session, plan.target, existing);
      const rejectsPath = options.rejects ?? recorded ?? rejectsPathFor(undefined, plan.target);
      const recordedRejects = await readRejectReasons(rejectsPath, plan.source);
      const compared = await withDynamoErrors(plan.source, ctx.region, () =>
        verifyIntoExisting({ plan, source: new DynamoSource(dynamo, plan.source), session, segments: options.segments, batchSize: 1000, maxKeys: options.maxKeys, pageSize: target.readPageRows, recordedRejects }),
      );
      const rejects = await checkRejects(session, plan.source, plan.target, rejectsPath);
      results.push({ ...compared, rejects, ok: compared.ok && rejects.ok });
    }
    return results;
  });
}

function registerVerify(parent: Command): void {
  withCommonOptions(parent.command('verify'))
    .description('compare source and target: row counts and a checksum per row; exit 1 on any difference')
    .option('--max-keys <n>', 'differing keys to list per kind', (v) => parsePositiveInt(v, '--max-keys'), 20)
    .option('--segments <n>', 'parallel scan segments', (v) => parsePositiveInt(v, '--segments'), 4)
    .option('--format <format>', 'text or json', 'text')
    .option('--rejects <file>', "the copy's rejects file, compared with the rejects its checkpoints counted (default: the file the copy recorded, else <target table>.rejects.jsonl)")
    .option('--into-existing', "compare with the application's own tables a `copy --into-existing` wrote (the same mapping, read again from information_schema)")
    .option('--extra-column <name>', '--into-existing: as given to the copy')
    .option('--drop-unmapped', '--into-existing: as given to the copy')
    .option('--sample <n>', '--into-existing: items to sample for the attribute names (number, all, none)', 'all')
    .action(async (options: CommonOptions & IntoExistingCliOptions & { maxKeys: number; segments: number; format: string; rejects?: string; sample: string }) => {
      const ctx = await context(options);
      checkIntoExistingOptions(options);
      const format = parseChoice(options.format, ['text', 'json'] as const, '--format');
      if (!hasTarget(options)) throw usageError('verify needs a target: --mysql-url, --host, --secret-arn, or --cluster-arn');
      const target = await openTarget(options, ctx.clients, ctx.region, 2);
      const results: VerifyResult[] = [];
      try {
        if (options.intoExisting) results.push(...(await verifyExisting(ctx, target, options)));
        for (const table of options.intoExisting ? [] : ctx.tables) {
          const dynamo = ctx.clients.dynamodb(ctx.region);
          await withDynamoErrors(table, ctx.region, () => describeSourceTable(dynamo, table));
          const result = await withSession(target, 'rerun verify', async (session) => {
            const existing = await readExistingSchema(session);
            const mapping = existing.has(MAPPING_TABLE) ? await loadMapping(session, targetNameFor(table, ctx.config)) : null;
            if (!mapping) throw usageError(`no schema applied for ${table}: run \`clinnet-opt migrate-dynamo schema --table ${table} --apply\` first`);
            const compared = await withDynamoErrors(table, ctx.region, () =>
              verifyTable({ mapping, source: new DynamoSource(dynamo, table), session, segments: options.segments, batchSize: 1000, maxKeys: options.maxKeys, pageSize: target.readPageRows }),
            );
            // --rejects wins; else the file the copy recorded; else the copy's default name.
            const recorded = options.rejects ? null : await loadRejectsPath(session, mapping.target, existing);
            const rejects = await checkRejects(session, table, mapping.target, options.rejects ?? recorded ?? rejectsPathFor(undefined, mapping.target));
            return { ...compared, rejects, ok: compared.ok && rejects.ok };
          });
          results.push(result);
        }
      } finally {
        await target.close().catch(() => undefined);
      }
      await writeResult(format === 'json' ? JSON.stringify({ version: 1, tables: results }, null, 2) : results.map(renderVerify).join('\n'));
      if (results.some((r) => !r.ok)) throw new CliError('source and target differ (see above)', ExitCode.findings);
    });
}

function registerAddPartition(parent: Command): void {
  withCommonOptions(parent.command('add-partition'))
    .description("for cron: split p_future so the audit log has a partition for every year up to --year (default: next year)")
    .option('--year <year>', 'last year to cover', (v) => parsePositiveInt(v, '--year'))
    .option('--apply', 'run the statement')
    .action(async (options: CommonOptions & { year?: number; apply?: boolean }) => {
      const ctx = await context(options);
      if (!hasTarget(options)) throw usageError('add-partition needs a target: --mysql-url, --host, --secret-arn, or --cluster-arn');
      const target = await openTarget(options, ctx.clients, ctx.region, 1);
      try {
        await withSession(target, 'rerun add-partition', async (session) => {
          const partitions = await readAuditPartitions(session);
          if (!partitions) throw usageError('audit_log_partitioned does not exist: run `clinnet-opt migrate-dynamo schema --apply` first');
          const plan = planPartitions(partitions, options.year ?? nextYear());
          if (!plan.statements.length) {
            await writeResult(`-- audit_log_partitioned already covers ${plan.coveredThrough}: nothing to do`);
            return;
          }
          await writeResult(plan.statements.map((s) => `${s};`).join('\n'));
          if (options.apply) {
            for (const statement of plan.statements) await session.query(statement);
            logLine(`added partition(s) ${plan.added.map((y) => `p${y}`).join(', ')}`);
          } else logLine('not applied: rerun with --apply');
        });
      } finally {
        await target.close().catch(() => undefined);
      }
    });
}

export function registerMigrateDynamo(program: Command): void {
  const parent = program.command('migrate-dynamo').description('move the DynamoDB services and users tables into Aurora MySQL, resumable and verified');
  registerSchema(parent);
  registerCopy(parent);
  registerVerify(parent);
  registerAddPartition(parent);
}
