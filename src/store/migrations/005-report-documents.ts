// A scan's PDF is rendered once per way of showing it (with or without HIPAA citations) and stored once;
// every report link points at that document instead of carrying its own copy. Links issued before this
// migration keep working: each becomes a document of its own.
import type { Kysely } from 'kysely';

// Migrations see the database as it was then, not as schema.ts describes it today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('report_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('pdf_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_documents_scan_variant', ['scan_id', 'variant'])
    .execute();
  await db.schema
    .createTable('report_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('document_id', 'text', (c) =>
      c.notNull().references('report_documents.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_links_expires').on('report_links').column('expires_at').execute();

  const issued = await db.selectFrom('reports').selectAll().execute();
  for (const report of issued) {
    await db
      .insertInto('report_documents')
      .values({
        id: report.id,
        scan_id: report.scan_id,
        variant: `issued:${report.id}`,
        pdf_base64: report.pdf_base64,
        created_at: report.created_at,
      })
      .execute();
    await db
      .insertInto('report_links')
      .values({
        token_hash: report.token_hash,
        account_id: report.account_id,
        document_id: report.id,
        created_at: report.created_at,
        expires_at: report.expires_at,
      })
      .execute();
  }
  await db.schema.dropTable('reports').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('pdf_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_expires').on('reports').column('expires_at').execute();
  await db.schema.dropTable('report_links').execute();
  await db.schema.dropTable('report_documents').execute();
}
