import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  uniqueIndex,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { KnowledgeEntry } from '../kb/types.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

// ── Knowledge: the live copy admins edit; files are imported as versions ─────────────────────────

/** One row per entry: which version is live, and what the last imported file looked like. */
export const kbEntries = pgTable('kb_entries', {
  id: text('id').primaryKey(),
  currentVersion: integer('current_version').notNull(),
  /** Hash of the knowledge file last imported; an unchanged file is never re-imported. */
  importedFileHash: text('imported_file_hash'),
  /** The version created by that import; a higher current version means an admin edited it since. */
  importedVersion: integer('imported_version'),
  /** Set while the entry is archived: it stops answering, its history stays (knowledge editor). */
  archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Every version of every entry, never updated or deleted: history, diff and revert read from here. */
export const kbEntryVersions = pgTable(
  'kb_entry_versions',
  {
    entryId: text('entry_id').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<KnowledgeEntry>().notNull(),
    /** The file text for imported versions, so an export reproduces the file byte for byte. */
    sourceText: text('source_text'),
    /** Who made it: `import:<file>` for file imports, otherwise the admin's name. */
    author: text('author').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.version] })],
);

/** Append-only log of knowledge changes. */
export const kbAudit = pgTable('kb_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: createdAt(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entryId: text('entry_id'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
});

// ── Query log and feedback (analytics) ───────────────────────────────────────────────────────────

export const queryLog = pgTable(
  'query_log',
  {
    /** Generated when the row is enqueued, so a replay after an outage never duplicates it. */
    id: uuid('id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    channel: text('channel').notNull(),
    chatType: text('chat_type').notNull(),
    /** HMAC of channel + platform user id; never the raw id. */
    userKey: text('user_key').notNull(),
    /** Erased after RETENTION_DAYS; counts survive. */
    text: text('text'),
    normalized: text('normalized'),
    status: text('status').notNull(),
    entryId: text('entry_id'),
    score: real('score').notNull().default(0),
    candidates: jsonb('candidates').$type<{ entryId: string; score: number }[]>().notNull().default(sql`'[]'::jsonb`),
    latencyMs: real('latency_ms').notNull().default(0),
    knowledgeVersion: text('knowledge_version').notNull(),
  },
  (t) => [
    // The trailing columns make the period reports index-only scans (summary and volume here; topics,
    // the low-confidence filter and the grouping of unanswered questions below): a report reads a slice
    // of an index, not the table. `normalized` is capped at 300 characters so it always fits a B-tree.
    index('query_log_created_at_idx').on(t.createdAt, t.channel, t.status, t.userKey, t.latencyMs),
    index('query_log_channel_created_at_idx').on(t.channel, t.createdAt),
    index('query_log_entry_created_at_idx').on(t.entryId, t.createdAt),
    index('query_log_status_created_at_idx').on(t.status, t.createdAt, t.score, t.entryId, t.channel, t.normalized),
    // The unanswered report's two kinds of rows, each a small share of the log: its grouping and its
    // distinct askers per group are index-only scans of these (the report writes the same literals).
    index('query_log_unanswered_idx')
      .on(t.createdAt, t.status, t.channel, t.normalized, t.userKey)
      .where(sql`${t.status} in ('fallback', 'clarify')`),
    index('query_log_low_confidence_idx')
      .on(t.createdAt, t.status, t.channel, t.normalized, t.userKey)
      .where(sql`${t.status} = 'answered' and ${t.score} < 0.5`),
    // Rows whose texts retention has not erased yet: keeps each daily run from re-reading erased rows.
    index('query_log_text_kept_idx')
      .on(t.createdAt)
      .where(sql`${t.text} is not null or ${t.normalized} is not null`),
  ],
);

/**
 * Query-log counts per UTC hour, kept by the query-log writer in the statement that inserts the rows
 * (src/analytics/query-insert.ts): the reports page counts questions, outcomes, days and peak hours
 * from here instead of reading a year of rows. `low_confidence` marks answers scored below the
 * unanswered report's threshold (0.5).
 */
export const queryLogHourly = pgTable(
  'query_log_hourly',
  {
    hour: timestamp('hour', { withTimezone: true, mode: 'date' }).notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    lowConfidence: boolean('low_confidence').notNull().default(false),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.channel, t.status, t.lowConfidence] })],
);

/**
 * Answered questions per entry, channel and UTC day, kept like `query_log_hourly`: the topics report
 * (a year is ~365 × channels × entries rows; hours would be 8× more). Days are UTC: a period that starts
 * or ends inside a day reads those few hours from the log itself.
 */
export const queryLogEntryDaily = pgTable(
  'query_log_entry_daily',
  {
    day: timestamp('day', { withTimezone: true, mode: 'date' }).notNull(),
    channel: text('channel').notNull(),
    entryId: text('entry_id').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.entryId] })],
);

export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey(),
    queryId: uuid('query_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    channel: text('channel').notNull(),
    userKey: text('user_key').notNull(),
    entryId: text('entry_id'),
    /** +1 for 👍, -1 for 👎. */
    rating: smallint('rating').notNull(),
  },
  (t) => [
    index('feedback_query_idx').on(t.queryId),
    index('feedback_created_at_idx').on(t.createdAt),
    // One rating per query per person (privacy branch: the writer upserts on it).
    uniqueIndex('feedback_query_user_idx').on(t.queryId, t.userKey),
  ],
);

// ── Channel state that must hold across replicas ─────────────────────────────────────────────────

/** Inbound message ids already handled (Telegram update_id, WhatsApp message id): at-least-once → once. */
export const inboundDedup = pgTable(
  'inbound_dedup',
  {
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    receivedAt: createdAt(),
    /**
     * `claimed` while a process answers the message, `answered` once its handling finished (the reply was
     * handed to the platform, or there was nothing to send). A `claimed` row older than the lease belongs
     * to a process that died mid-answer: a redelivery takes it over. Rows from before this column were answered.
     */
    state: text('state').$type<'claimed' | 'answered'>().notNull().default('answered'),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.externalId] }),
    index('inbound_dedup_received_at_idx').on(t.receivedAt),
    check('inbound_dedup_state_check', sql`${t.state} in ('claimed', 'answered')`),
  ],
);

/** Short-lived per-chat context, e.g. the numbered clarify options a WhatsApp reply "2" refers to. */
export const chatContext = pgTable(
  'chat_context',
  {
    channel: text('channel').notNull(),
    chatKey: text('chat_key').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatKey] })],
);

/** Baileys auth state: creds and signal keys, BufferJSON-serialised. */
export const whatsappAuth = pgTable(
  'whatsapp_auth',
  {
    session: text('session').notNull(),
    kind: text('kind').notNull(),
    keyId: text('key_id').notNull(),
    value: text('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.session, t.kind, t.keyId] })],
);

/** Messages Netra sent over Baileys, so `getMessage` can serve WhatsApp's retry requests. */
export const whatsappSentMessages = pgTable(
  'whatsapp_sent_messages',
  {
    session: text('session').notNull(),
    messageId: text('message_id').notNull(),
    message: text('message').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.session, t.messageId] }), index('whatsapp_sent_created_at_idx').on(t.createdAt)],
);

// ── Console: accounts, sessions, API tokens, audit ───────────────────────────────────────────────

/** People who use the admin console. E-mail is stored lower-cased; the password only as an scrypt hash. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** admin | editor | reviewer (src/admin/types.ts). */
    role: text('role').notNull(),
    /** Null until the person sets a password through their one-time link. */
    passwordHash: text('password_hash'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Console sessions, shared by every replica. The cookie holds a random id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Absolute expiry; idle expiry is computed from lastSeenAt. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Bearer tokens for scripts, stored only as SHA-256 hashes. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash)],
);

/** One-time set-password links (the token's SHA-256), printed by `npm run admin -- user add`. */
export const passwordLinks = pgTable('password_links', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});

/** Every console action: who, when, what, and the state before and after. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    /** e.g. `entry.save`, `proposal.approve`, `user.disable`, `login.failed`. */
    action: text('action').notNull(),
    /** e.g. `entry:foto-bersama-calon`, `user:<id>`; null for actions without one object. */
    target: text('target'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_target_idx').on(t.target, t.at)],
);

// ── Knowledge editor: chat texts and categories as versioned documents, and editors' proposals ────

/** One row per versioned document other than entries: `text:<name>` (welcome, fallback, …) and `categories`. */
export const kbDocuments = pgTable('kb_documents', {
  key: text('key').primaryKey(),
  currentVersion: integer('current_version').notNull(),
  /** Hash of the file last imported; an unchanged file is never re-imported. */
  importedFileHash: text('imported_file_hash'),
  /** The version that import created; a higher current version means someone edited it in the console. */
  importedVersion: integer('imported_version'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Every version of every document, never updated or deleted. `data` is `{ text }` for a text, `CategoryInfo[]` for categories. */
export const kbDocumentVersions = pgTable(
  'kb_document_versions',
  {
    key: text('key').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    author: text('author').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

/** An editor's change waiting for an admin: approved (published as a new version) or rejected with a comment. */
export const kbProposals = pgTable(
  'kb_proposals',
  {
    id: uuid('id').primaryKey(),
    /** `entry:<id>`, `text:<name>` or `categories`. */
    target: text('target').notNull(),
    /** The version the editor started from; 0 proposes a new entry. */
    baseVersion: integer('base_version').notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    /** pending | approved | rejected */
    status: text('status').notNull().default('pending'),
    comment: text('comment'),
    decidedById: text('decided_by_id'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('kb_proposals_status_target_idx').on(t.status, t.target)],
);

// ── Console login rate limiting (auth) ──────────────────────────────────────────────────────────

/**
 * Failed console logins counted per key (`email:<address>` or `ip:<address>`) in a fixed window, in the
 * database so that every replica sees the same counts.
 */
export const loginAttempts = pgTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
});

// ── Reports: weekly digest ───────────────────────────────────────────────────────────────────────

/**
 * One row per ISO week and chat the weekly digest went to. Inserted before sending: the primary key
 * lets exactly one replica claim a week's digest for a chat; a failed send deletes its row to retry.
 */
export const reportDigestSent = pgTable(
  'report_digest_sent',
  {
    /** The reported ISO week, e.g. `2026-W48`. */
    week: text('week').notNull(),
    chatId: text('chat_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.week, t.chatId] })],
);
