/** The base URL people open the console at: PUBLIC_BASE_URL, else this server's own address. */
export function consoleBaseUrl(config: { PUBLIC_BASE_URL?: string | undefined; HOST: string; PORT: number }): string {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/** The one-time link a new account opens to choose its password. */
export const setPasswordUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, '')}/admin/set-password?token=${encodeURIComponent(token)}`;
