/** Splits "/topik media-sosial" (or "/topik@NetraBot media-sosial") into the command and its argument. */
export function parseCommand(text: string): { command: string; arg: string } | null {
  const match = /^\/([a-zA-Z_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  return { command: (match[1] ?? '').toLowerCase(), arg: (match[2] ?? '').trim() };
}
