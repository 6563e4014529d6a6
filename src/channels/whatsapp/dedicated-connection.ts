import postgres from 'postgres';

/**
 * A single-connection client to the same server and database as `pool`, for a session-scoped advisory lock.
 * It never idles out or recycles itself (either would silently drop the lock); it only reconnects after a failure.
 */
export function dedicatedConnection(pool: postgres.Sql): postgres.Sql {
  // postgres.js keeps the parsed connection settings (hosts and ports as arrays, which it also accepts as input).
  const o = pool.options as unknown as {
    host: string[];
    port: number[];
    path: string | false;
    database: string;
    user: string;
    pass: string | (() => string | Promise<string>) | null;
    ssl: postgres.Options<{}>['ssl'];
    connection: Record<string, unknown>;
  };
  const options = {
    host: o.host,
    port: o.port,
    ...(o.path ? { path: o.path } : {}),
    database: o.database,
    user: o.user,
    ...(o.pass ? { pass: o.pass } : {}),
    ssl: o.ssl,
    connection: {
      ...o.connection,
      application_name: 'netra-whatsapp-lock',
      // If this machine vanishes without closing the socket, the server notices within ~25 s and frees the lock.
      tcp_keepalives_idle: '10',
      tcp_keepalives_interval: '5',
      tcp_keepalives_count: '3',
    },
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    connect_timeout: 10,
    onnotice: () => {},
  };
  return postgres(options as unknown as postgres.Options<{}>);
}
