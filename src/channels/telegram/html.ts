/**
 * Telegram HTML: escaping, the little Markdown our texts use (**bold**, "- " lists), and splitting a
 * long text into messages that each stay under Telegram's length limit without breaking a tag.
 * Pure functions, no I/O.
 */

/** Telegram's limit on one message's text. HTML source is never shorter than the text it shows, so it is a safe bound. */
export const MAX_MESSAGE_LENGTH = 4096;

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

/** One line of a message; an empty line is a paragraph break. */
export type Line = Span[];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

export function spanHtml(span: Span): string {
  let html = escapeHtml(span.text);
  if (html.length === 0) return '';
  if (span.bold) html = `<b>${html}</b>`;
  if (span.italic) html = `<i>${html}</i>`;
  if (span.href) html = `<a href="${escapeAttribute(span.href)}">${html}</a>`;
  return html;
}

export function lineHtml(line: Line): string {
  return line.map(spanHtml).join('');
}

/** Only http(s) links become anchors; Telegram rejects other schemes and we never need them. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Inline Markdown → spans: `**bold**` pairs; an unpaired `**` stays literal. */
export function inlineSpans(text: string, style: Omit<Span, 'text'> = {}): Span[] {
  const spans: Span[] = [];
  const pattern = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) spans.push({ ...style, text: text.slice(last, match.index) });
    spans.push({ ...style, text: match[1] ?? '', bold: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push({ ...style, text: text.slice(last) });
  return spans;
}

/** Block Markdown → lines: "- item" and "* item" become bullets, everything else stays a line of its own. */
export function markdownLines(markdown: string, style: Omit<Span, 'text'> = {}): Line[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw) => {
      const line = raw.trimEnd();
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      return bullet ? [{ ...style, text: '• ' }, ...inlineSpans(bullet[1] ?? '', style)] : inlineSpans(line, style);
    });
}

/**
 * Packs lines into as few HTML messages as fit `limit`, breaking between lines where possible, inside a
 * line at a space when one line alone is too long, and inside a word only as a last resort. Every
 * message is self-contained (tags never straddle two messages) and none is empty.
 */
export function packMessages(lines: Line[], limit = MAX_MESSAGE_LENGTH): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let length = 0;

  const flush = () => {
    while (current.length > 0 && current[current.length - 1] === '') current.pop();
    if (current.length > 0) messages.push(current.join('\n'));
    current = [];
    length = 0;
  };
  const add = (html: string) => {
    if (current.length === 0 && html === '') return; // no message starts with a blank line
    length += (current.length > 0 ? 1 : 0) + html.length;
    current.push(html);
  };

  for (const line of lines) {
    const html = lineHtml(line);
    if (length + (current.length > 0 ? 1 : 0) + html.length <= limit) {
      add(html);
      continue;
    }
    flush();
    if (html.length <= limit) {
      add(html);
      continue;
    }
    const pieces = splitLine(line, limit);
    for (const piece of pieces.slice(0, -1)) messages.push(piece);
    add(pieces[pieces.length - 1] ?? '');
  }
  flush();
  return messages;
}

/** Splits one over-long line into HTML pieces of at most `limit` characters each. */
function splitLine(line: Line, limit: number): string[] {
  const tokens: Span[] = line.flatMap((span) =>
    span.text
      .split(/(\s+)/)
      .filter((t) => t.length > 0)
      .flatMap((text) => splitToken({ ...span, text }, limit)),
  );
  const pieces: string[] = [];
  let spans: Span[] = [];
  let length = 0; // HTML length of `spans`, kept incrementally so long lines stay linear

  for (const token of tokens) {
    const isSpace = /^\s+$/.test(token.text);
    if (spans.length === 0 && isSpace) continue;
    const last = spans[spans.length - 1];
    const merges = last !== undefined && sameStyle(last, token);
    const escaped = escapeHtml(token.text).length;
    const cost = merges ? escaped : escaped + markupOverhead(token);
    if (length + cost > limit) {
      pieces.push(lineHtml(spans));
      spans = [];
      length = 0;
      if (isSpace) continue;
      spans.push(token);
      length = escaped + markupOverhead(token);
      continue;
    }
    if (merges) spans[spans.length - 1] = { ...last, text: last.text + token.text };
    else spans.push(token);
    length += cost;
  }
  if (spans.length > 0) pieces.push(lineHtml(spans));
  return pieces;
}

/** A token too long for one message is cut by code points (never inside a surrogate pair or an entity). */
function splitToken(token: Span, limit: number): Span[] {
  const overhead = markupOverhead(token);
  if (escapeHtml(token.text).length + overhead <= limit) return [token];
  const out: Span[] = [];
  let text = '';
  let length = overhead;
  for (const char of token.text) {
    const cost = escapeHtml(char).length;
    if (length + cost > limit && text) {
      out.push({ ...token, text });
      text = '';
      length = overhead;
    }
    text += char;
    length += cost;
  }
  if (text) out.push({ ...token, text });
  return out;
}

/** Characters the tags around a span add to its escaped text. */
function markupOverhead(style: Span): number {
  return spanHtml({ ...style, text: 'x' }).length - 1;
}

function sameStyle(a: Span, b: Span): boolean {
  return Boolean(a.bold) === Boolean(b.bold) && Boolean(a.italic) === Boolean(b.italic) && a.href === b.href;
}
